using Aide.Conversations;
using Aide.Conversations.Entities;

namespace Aide.Core.Tests.Conversations;

public sealed class EntityDetectionTests
{
    private readonly EntityExtractor _extractor = new();

    [Fact]
    public void Precision_and_recall_on_the_labelled_set_meet_the_bar()
    {
        Assert.True(EntityLabelledSet.Items.Length >= 100, "the issue asks for at least 100 labelled sentences");
        int truePositives = 0, predicted = 0, expected = 0;
        var misses = new List<string>();
        foreach (var (sentence, labels) in EntityLabelledSet.Items)
        {
            var want = labels.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToHashSet();
            var got = _extractor.Extract(sentence).Select(e => e.Id).ToHashSet();
            truePositives += got.Count(want.Contains);
            predicted += got.Count;
            expected += want.Count;
            if (!got.SetEquals(want))
            {
                misses.Add($"{sentence} → got [{string.Join(", ", _extractor.Extract(sentence).Select(e => $"{e.Kind}:{e.Text}"))}] want [{labels}]");
            }
        }

        var precision = (double)truePositives / predicted;
        var recall = (double)truePositives / expected;
        TestContext.Current.SendDiagnosticMessage($"entities: precision {precision:P1} ({truePositives}/{predicted}), recall {recall:P1} ({truePositives}/{expected}) on {EntityLabelledSet.Items.Length} sentences");

        Assert.True(precision >= 0.95, $"precision {precision:P1}; misses:\n{string.Join('\n', misses)}");
        Assert.True(recall >= 0.90, $"recall {recall:P1}; misses:\n{string.Join('\n', misses)}");
    }

    [Theory]
    [InlineData("See https://Example.COM/Path.", "url", "https://example.com/Path")]
    [InlineData("Mail ADA@Example.com now", "email", "ada@example.com")]
    [InlineData("It is 512 MB", "quantity", "512MB")]
    public void Entities_are_normalised(string text, string kind, string normalised)
    {
        var entity = Assert.Single(_extractor.Extract(text), e => e.Kind == kind);

        Assert.Equal(normalised, entity.Text);
    }

    [Fact]
    public void The_same_entity_in_another_case_is_one_entity()
    {
        Assert.Equal(new DetectedEntity("url", "https://github.com").Id, new DetectedEntity("url", "https://GitHub.com").Id);
        Assert.Single(_extractor.Extract("Ada Lovelace met ada lovelace? No: Ada Lovelace and ADA LOVELACE."), e => e.Kind == EntityKinds.Person);
    }

    [Fact]
    public void A_url_is_not_also_reported_as_a_path_or_an_email()
    {
        var entities = _extractor.Extract("Clone https://user@github.com/org/repo.git now");

        Assert.Equal("url", Assert.Single(entities).Kind);
    }

    private static string Parse(string label)
    {
        var colon = label.IndexOf(':', StringComparison.Ordinal);
        return new DetectedEntity(label[..colon], label[(colon + 1)..]).Id;
    }
}
