using Aide.Events;

namespace Aide.Core.Tests.Events;

public sealed class RandomIdsTests
{
    [Fact]
    public void Ids_are_version_4_GUIDs_with_the_standard_variant_and_do_not_repeat()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RandomIds.NewGuid()).ToList();

        Assert.All(ids, id =>
        {
            var text = id.ToString("D");
            Assert.Equal('4', text[14]); // version
            Assert.Contains(text[19], "89ab"); // variant 10xx
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Matches("^[0-9a-f]{32}$", RandomIds.NewHex());
    }
}
