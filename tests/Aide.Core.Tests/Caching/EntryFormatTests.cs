using Aide.Caching;
using Aide.Caching.Format;

namespace Aide.Core.Tests.Caching;

public sealed class EntryFormatTests
{
    [Theory]
    [InlineData(CacheCodec.Lz4)]
    [InlineData(CacheCodec.GZip)]
    [InlineData(CacheCodec.Zstd)]
    public void Chat_json_round_trips_compressed(CacheCodec codec)
    {
        var value = CacheFixture.ChatJson(4096);

        var entry = EntryFormat.Encode(value, codec, threshold: 256, minimumSavings: 0.1);

        Assert.Equal(codec, EntryFormat.CodecOf(entry));
        Assert.True(entry.Length < value.Length * 0.7, $"{codec} stored {entry.Length} of {value.Length} bytes");
        Assert.Equal(value, EntryFormat.TryDecode(entry));
    }

    [Fact]
    public void Values_under_the_threshold_are_stored_raw()
    {
        var value = CacheFixture.ChatJson(200);

        var entry = EntryFormat.Encode(value, CacheCodec.Zstd, threshold: 256, minimumSavings: 0.1);

        Assert.Equal(CacheCodec.None, EntryFormat.CodecOf(entry));
        Assert.Equal(EntryFormat.HeaderSize + value.Length, entry.Length);
        Assert.Equal(value, EntryFormat.TryDecode(entry));
    }

    [Theory]
    [InlineData(CacheCodec.Lz4)]
    [InlineData(CacheCodec.GZip)]
    [InlineData(CacheCodec.Zstd)]
    public void Values_that_do_not_shrink_enough_are_stored_raw(CacheCodec codec)
    {
        var value = new byte[4096];
        new Random(7).NextBytes(value);

        var entry = EntryFormat.Encode(value, codec, threshold: 256, minimumSavings: 0.1);

        Assert.Equal(CacheCodec.None, EntryFormat.CodecOf(entry));
        Assert.Equal(value, EntryFormat.TryDecode(entry));
    }

    [Theory]
    [InlineData(CacheCodec.None, 3)]
    [InlineData(CacheCodec.Lz4, 2)]
    [InlineData(CacheCodec.Lz4, 9)]
    [InlineData(CacheCodec.GZip, 20)]
    [InlineData(CacheCodec.Zstd, -1)]
    public void Any_flipped_byte_is_detected(CacheCodec codec, int position)
    {
        var entry = EntryFormat.Encode(CacheFixture.ChatJson(2048), codec, threshold: 256, minimumSavings: 0.1);
        var at = position < 0 ? entry.Length + position : position;

        entry[at] ^= 0x40;

        Assert.Null(EntryFormat.TryDecode(entry));
    }

    [Fact]
    public void Truncated_foreign_and_future_entries_are_rejected()
    {
        var entry = EntryFormat.Encode(CacheFixture.ChatJson(2048), CacheCodec.Lz4, 256, 0.1);
        var future = (byte[])entry.Clone();
        future[2] = EntryFormat.Version + 1;

        Assert.Null(EntryFormat.TryDecode(entry[..^10]));
        Assert.Null(EntryFormat.TryDecode(entry[..8]));
        Assert.Null(EntryFormat.TryDecode("{\"not\":\"ours\"}"u8.ToArray()));
        Assert.Null(EntryFormat.TryDecode(future));
        Assert.Null(EntryFormat.TryDecode([]));
    }
}
