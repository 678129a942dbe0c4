using System.Text.Json;
using Aide.Caching;
using Aide.Events;
using Aide.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;

namespace Aide.Core.Tests.Caching;

public sealed class ResponseCacheTests : IDisposable
{
    private readonly CacheFixture _fixture = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_value_round_trips_and_callers_get_copies()
    {
        var cache = _fixture.Open();
        var value = CacheFixture.ChatJson(1000);

        cache.Set("k", value, new DistributedCacheEntryOptions());
        value[0] = 0;
        var first = cache.Get("k")!;
        first[1] = 0;

        Assert.Equal((byte)'{', cache.Get("k")![0]);
        Assert.Equal((byte)'"', cache.Get("k")![1]);
        Assert.Null(cache.Get("other"));
    }

    [Fact]
    public void A_disk_hit_from_another_instance_is_promoted_to_memory()
    {
        var value = CacheFixture.ChatJson(4096);
        _fixture.Open().Set("k", value, new DistributedCacheEntryOptions());
        var second = _fixture.Open();

        Assert.Equal(value, second.Get("k"));
        Assert.Equal(value, second.Get("k"));

        var hits = _fixture.EventsOf<CacheHit>().Select(h => h.Tier).ToList();
        Assert.Equal([CacheTier.Disk, CacheTier.Memory], hits);
    }

    [Fact]
    public void Reads_flushed_in_the_background_reach_the_disk_before_the_cache_is_disposed()
    {
        _fixture.Open().Set("k", CacheFixture.ChatJson(4096), new DistributedCacheEntryOptions());
        var cache = _fixture.Open(opener: StoreOpener.Background());
        Assert.NotNull(cache.Get("k"));

        // The disk hit is buffered; the background flush writes it while the cache stays open.
        var flush = cache.FlushInBackground();
        flush.Wait();
        Assert.True(flush.IsCompleted);

        Assert.Equal(1, _fixture.Open().GetStatistics().DiskHits);
    }

    [Fact]
    public void A_flush_with_only_zero_counts_to_add_writes_nothing()
    {
        using (var created = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory }))
        {
            created.Set("k", CacheFixture.ChatJson(4096), new DistributedCacheEntryOptions());
        }

        using var disk = Aide.Caching.Disk.DiskTier.Open(_fixture.DatabasePath, TimeSpan.FromMilliseconds(1));
        using var other = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=False");
        other.Open();
        using var hold = other.BeginTransaction(System.Data.IsolationLevel.Serializable);
        SqliteStatements.Execute(other, "UPDATE meta SET value = value WHERE name = 'misses'", hold);

        // A write transaction would meet the other connection's lock (SQLITE_BUSY); zero hits leave nothing to write.
        disk.Count("memory_hits", 0);
        disk.Flush();
    }

    [Fact]
    public void The_file_has_a_rollback_journal_so_no_process_reads_back_a_log_and_the_next_one_reads_the_entries()
    {
        var value = CacheFixture.ChatJson(4096);
        using (var first = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory }))
        {
            first.Set("k", value, new DistributedCacheEntryOptions());
        }

        Assert.False(IsInWalMode(_fixture.DatabasePath));
        Assert.False(File.Exists(_fixture.DatabasePath + "-wal"));
        Assert.False(File.Exists(_fixture.DatabasePath + "-shm"));
        using var second = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory });
        Assert.Equal(value, second.Get("k"));
    }

    [Fact]
    public void A_cache_file_an_earlier_Aide_left_in_WAL_mode_keeps_its_entries_and_drops_the_log()
    {
        var value = CacheFixture.ChatJson(4096);
        using (var first = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory }))
        {
            first.Set("k", value, new DistributedCacheEntryOptions());
        }

        // As earlier versions left it: WAL mode, the entry still in a log kept on close.
        using (var old = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=False"))
        {
            old.Open();
            SqliteStatements.Execute(old, "PRAGMA journal_mode = WAL");
            PrivateSqlite.KeepWalOnClose(old);
            SqliteStatements.Execute(old, "UPDATE entries SET hits = 7");
        }

        Assert.True(new FileInfo(_fixture.DatabasePath + "-wal").Length > 0);
        using (var second = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory }))
        {
            Assert.Equal(value, second.Get("k"));
        }

        Assert.False(IsInWalMode(_fixture.DatabasePath));
        Assert.False(File.Exists(_fixture.DatabasePath + "-wal"));
        using var check = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=False");
        check.Open();
        Assert.True(SqliteStatements.Scalar<long>(check, "SELECT hits FROM entries") >= 7);
    }

    /// <summary>Whether the file's header says WAL (a rollback journal's mode belongs to the connection, not the file).</summary>
    private static bool IsInWalMode(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return SqliteStatements.Scalar<string>(connection, "PRAGMA journal_mode") == "wal";
    }

    [Fact]
    public void Absolute_expiry_follows_the_clock_and_publishes_CacheExpired()
    {
        var cache = _fixture.Open();
        cache.Set("k", [1, 2, 3], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });

        _fixture.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(cache.Get("k"));
        _fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(cache.Get("k"));

        var expired = Assert.Single(_fixture.EventsOf<CacheExpired>());
        Assert.Equal(TimeSpan.FromMinutes(10), expired.Age);
        Assert.Null(_fixture.Open().Get("k"));
    }

    [Fact]
    public void Sliding_expiry_is_renewed_by_reads_and_refresh_on_both_tiers()
    {
        var cache = _fixture.Open();
        cache.Set("k", [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) });

        for (var i = 0; i < 3; i++)
        {
            _fixture.Time.Advance(TimeSpan.FromMinutes(8));
            Assert.NotNull(i % 2 == 0 ? cache.Get("k") : Refreshed(cache));
        }

        cache.Dispose();
        _fixture.Time.Advance(TimeSpan.FromMinutes(8));
        Assert.NotNull(_fixture.Open(memoryBytes: 0).Get("k"));
        _fixture.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(_fixture.Open(memoryBytes: 0).Get("k"));

        static byte[]? Refreshed(ResponseCache cache)
        {
            cache.Refresh("k");
            return cache.Get("k");
        }
    }

    [Fact]
    public void Entries_without_expiry_get_the_default_time_to_live()
    {
        var cache = _fixture.Open();
        cache.Set("k", [1], new DistributedCacheEntryOptions());

        _fixture.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.NotNull(cache.Get("k"));
        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Get("k"));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.Set("k", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = _fixture.Time.GetUtcNow() }));
    }

    [Fact]
    public void Lru_memory_tier_evicts_the_least_recently_used_within_its_entry_bound()
    {
        var cache = _fixture.Open(disk: false, memoryEntries: 3);
        foreach (var key in (string[])["a", "b", "c"])
        {
            cache.Set(key, [1], new DistributedCacheEntryOptions());
        }

        cache.Get("a");
        cache.Set("d", [1], new DistributedCacheEntryOptions());

        Assert.Null(cache.Get("b"));
        Assert.NotNull(cache.Get("a"));
        Assert.NotNull(cache.Get("c"));
        Assert.NotNull(cache.Get("d"));
        var eviction = Assert.Single(_fixture.EventsOf<CacheEviction>());
        Assert.Equal(EvictionReason.Capacity, eviction.Reason);
    }

    [Fact]
    public void Lfu_memory_tier_keeps_what_is_asked_often_over_what_was_asked_last()
    {
        var cache = _fixture.Open(disk: false, memoryEntries: 3, policy: CacheEvictionPolicy.Lfu);
        foreach (var key in (string[])["popular", "once", "twice"])
        {
            cache.Set(key, [1], new DistributedCacheEntryOptions());
        }

        for (var i = 0; i < 5; i++)
        {
            cache.Get("popular");
        }

        cache.Get("twice");
        cache.Get("once"); // most recent, but used least: LRU would keep it, LFU drops "once" and "twice" first by count.
        cache.Get("twice");
        cache.Set("new", [1], new DistributedCacheEntryOptions());

        Assert.Null(cache.Get("once"));
        Assert.NotNull(cache.Get("popular"));
        Assert.NotNull(cache.Get("twice"));
        Assert.NotNull(cache.Get("new"));
    }

    [Fact]
    public void Memory_tier_respects_its_byte_bound()
    {
        var cache = _fixture.Open(disk: false, memoryBytes: 64 * 1024);
        for (var i = 0; i < 40; i++)
        {
            cache.Set($"k{i}", new byte[4096], new DistributedCacheEntryOptions());
        }

        var stats = cache.GetStatistics();
        Assert.InRange(stats.MemoryBytes, 1, 64 * 1024);
        Assert.InRange(stats.MemoryEntries, 10, 15);
        Assert.NotNull(cache.Get("k39"));
        Assert.Null(cache.Get("k0"));
    }

    [Fact]
    public void Disk_tier_evicts_down_to_ninety_percent_of_its_bound_least_recently_used_first()
    {
        var cache = _fixture.Open(memoryBytes: 0, diskBytes: 1 << 20, codec: CacheCodec.None);
        for (var i = 0; i < 300; i++)
        {
            cache.Set($"k{i:000}", new byte[8 * 1024], new DistributedCacheEntryOptions());
            _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var stats = cache.GetStatistics();
        Assert.InRange(stats.DiskStoredBytes, 1, 1 << 20);
        Assert.True(stats.Evictions > 100);
        Assert.Null(cache.Get("k000"));
        Assert.NotNull(cache.Get("k299"));
        Assert.Equal(stats.Evictions, _fixture.EventsOf<CacheEviction>().Count(e => e.Reason == EvictionReason.Capacity));
    }

    [Fact]
    public void A_damaged_entry_on_disk_is_counted_removed_and_a_miss()
    {
        _fixture.Open().Set("k", CacheFixture.ChatJson(4096), new DistributedCacheEntryOptions());
        Corrupt("UPDATE entries SET data = substr(data, 1, 40) || zeroblob(8) || substr(data, 49)");

        var cache = _fixture.Open();

        Assert.Null(cache.Get("k"));
        Assert.Null(cache.Get("k"));
        var stats = cache.GetStatistics();
        Assert.Equal(1, stats.CorruptEntries);
        Assert.Equal(0, stats.DiskEntries);
        Assert.Equal(EvictionReason.Corrupt, Assert.Single(_fixture.EventsOf<CacheEviction>()).Reason);
    }

    [Fact]
    public void Entries_of_a_future_format_version_are_misses_not_crashes()
    {
        _fixture.Open().Set("k", CacheFixture.ChatJson(4096), new DistributedCacheEntryOptions());
        Corrupt("UPDATE entries SET data = X'4143' || X'09' || substr(data, 4)");

        Assert.Null(_fixture.Open().Get("k"));
    }

    [Fact]
    public void Invalidation_by_key_tag_prefix_and_namespace_and_clear()
    {
        var cache = _fixture.Open();
        var tagged = new TaggedCacheEntryOptions { Tags = ["model:a"] };
        cache.Set("p/1", [1], tagged);
        cache.Set("p/2", [1], new DistributedCacheEntryOptions());
        cache.Set("q/1", [1], tagged);
        cache.Namespace("team").Set("x", [1], new DistributedCacheEntryOptions());
        cache.Set("solo", [1], new DistributedCacheEntryOptions());

        Assert.Equal(2, cache.InvalidateTag("model:a"));
        Assert.Equal(1, cache.InvalidatePrefix("p/"));
        Assert.NotNull(cache.Namespace("team").Get("x"));
        Assert.Equal(1, cache.InvalidateNamespace("team"));
        Assert.True(cache.Invalidate("solo"));
        Assert.False(cache.Invalidate("solo"));
        cache.Set("last", [1], new DistributedCacheEntryOptions());
        Assert.Equal(1, cache.Clear().Count);

        Assert.Equal(0, cache.GetStatistics().DiskEntries);
        var scopes = _fixture.EventsOf<CacheInvalidated>().Select(e => (e.Scope, e.Count)).ToList();
        Assert.Equal([(InvalidationScope.Tag, 2L), (InvalidationScope.Prefix, 1L), (InvalidationScope.Namespace, 1L), (InvalidationScope.Key, 1L), (InvalidationScope.Key, 0L)], scopes);
        Assert.Single(_fixture.EventsOf<CacheCleared>());
        Assert.Throws<ArgumentException>(() => cache.Namespace("../etc"));
    }

    [Fact]
    public void Expired_entries_are_swept_in_the_background_while_the_cache_is_used()
    {
        var cache = _fixture.Open();
        cache.Set("short", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
        cache.Set("long", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });

        _fixture.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Single(_fixture.EventsOf<CacheExpired>());
        var stats = cache.GetStatistics();
        Assert.Equal(1, stats.DiskEntries);
        Assert.Equal(1, stats.MemoryEntries);
    }

    [Fact]
    public async Task Concurrent_GetOrCreate_calls_for_one_key_run_the_factory_once()
    {
        var cache = _fixture.Open();
        var calls = 0;
        var release = new TaskCompletionSource();
        async Task<byte[]> Factory(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await release.Task.WaitAsync(ct);
            return [42];
        }

        var callers = Enumerable.Range(0, 10).Select(_ => Task.Run(() => cache.GetOrCreateAsync("k", Factory, cancellationToken: Token), Token)).ToList();
        await Task.Delay(50, Token);
        release.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Equal([42], r.Value));
        Assert.Equal(9, results.Count(r => r.Cached));
    }

    [Fact]
    public async Task Export_then_import_into_another_cache_keeps_values_lifetimes_and_tags()
    {
        var source = _fixture.Open();
        source.Set("a", CacheFixture.ChatJson(3000), new TaggedCacheEntryOptions { Tags = ["model:m"], AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(2) });
        source.Set("b", [1, 2], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30) });
        using var export = new MemoryStream();
        var exported = await source.ExportAsync(export, Token);

        using var other = new CacheFixture();
        var target = other.Open();
        export.Position = 0;
        var imported = await target.ImportAsync(export, isValid: null, Token);

        Assert.Equal(2, exported.Entries);
        Assert.Equal(2, imported.Entries);
        Assert.Equal(source.Get("a"), target.Get("a"));
        Assert.Equal(1, target.InvalidateTag("model:m"));
        Assert.Single(other.EventsOf<CacheWarmed>());
    }

    [Fact]
    public async Task A_malformed_import_names_the_line_and_imports_nothing()
    {
        var cache = _fixture.Open();
        var text = "{\"format\":\"aide-cache\",\"version\":1,\"exported\":\"2026-11-27T09:00:00Z\",\"entries\":2}\n" +
                   "{\"key\":\"a\",\"value\":\"AQI=\",\"created\":\"2026-11-27T09:00:00Z\"}\n" +
                   "{\"key\":\"b\",\"value\":not-base64}\n";

        var error = await Assert.ThrowsAsync<CacheImportException>(() => cache.ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), isValid: null, Token));

        Assert.Contains("Line 3", error.Message, StringComparison.Ordinal);
        Assert.Null(cache.Get("a"));
        await Assert.ThrowsAsync<CacheImportException>(() => cache.ImportAsync(new MemoryStream("prompt one\nprompt two\n"u8.ToArray()), isValid: null, Token));
    }

    [Fact]
    public void The_disk_tier_opens_in_the_background_and_its_first_use_or_disposal_waits_for_it()
    {
        var value = CacheFixture.ChatJson(1024);
        using (var writer = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory }))
        {
            // Set right after Create: the write must wait for the opening, not skip a disk tier that is not open yet.
            writer.Set("k", value, new DistributedCacheEntryOptions());
        }

        // Disposed at once: the opening is waited for and the file closed, so it can be deleted and started again.
        ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory }).Dispose();
        using (var reader = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory, MemoryMaxBytes = 0 }))
        {
            Assert.True(reader.IsDiskEnabled);
            Assert.Equal(value, reader.Get("k"));
        }

        foreach (var file in Directory.GetFiles(_fixture.Directory))
        {
            File.Delete(file);
        }

        using var fresh = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory });
        Assert.Null(fresh.Get("k"));
        Assert.True(fresh.IsDiskEnabled);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_turns_the_disk_tier_off_with_one_warning()
    {
        var blocker = Path.Combine(_fixture.Directory, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var cache = _fixture.Open(directory: Path.Combine(blocker, "cache"));

        cache.Set("k", [1], new DistributedCacheEntryOptions());

        Assert.False(cache.IsDiskEnabled);
        Assert.NotNull(cache.DiskProblem);
        Assert.NotNull(cache.Get("k"));
        Assert.Single(_fixture.Logger.Collector.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_set_aside_and_a_new_cache_started()
    {
        Directory.CreateDirectory(_fixture.Directory);
        File.WriteAllText(_fixture.DatabasePath, new string('x', 8192));

        var cache = _fixture.Open();
        cache.Set("k", [1], new DistributedCacheEntryOptions());

        Assert.True(cache.IsDiskEnabled);
        Assert.True(File.Exists(_fixture.DatabasePath + ".damaged"));
        Assert.Equal(new string('x', 8192), File.ReadAllText(_fixture.DatabasePath + ".damaged"));
        Assert.NotNull(_fixture.Open(memoryBytes: 0).Get("k"));
    }

    [Fact]
    public void A_file_found_damaged_in_use_is_set_aside_so_the_next_process_starts_an_empty_cache()
    {
        using (var filler = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory, MemoryMaxBytes = 0 }))
        {
            for (var i = 0; i < 40; i++)
            {
                filler.Set($"k{i}", CacheFixture.ChatJson(4096), new DistributedCacheEntryOptions());
            }
        }

        // What a power cut in the middle of an unsynced write can leave: the header and schema (page 1) intact, the
        // tables' pages torn.
        var pageSize = 4096;
        using (var file = new FileStream(_fixture.DatabasePath, FileMode.Open, FileAccess.Write))
        {
            var garbage = new byte[pageSize];
            new Random(6).NextBytes(garbage);
            for (var offset = (long)pageSize; offset < file.Length; offset += pageSize)
            {
                file.Position = offset;
                file.Write(garbage);
            }
        }

        var cache = _fixture.Open(memoryBytes: 0);
        Assert.Null(cache.Get("k1"));

        Assert.False(cache.IsDiskEnabled);
        Assert.Contains("moved to", cache.DiskProblem, StringComparison.Ordinal);
        Assert.True(File.Exists(_fixture.DatabasePath + ".damaged"));
        using var next = ResponseCache.Create(new ResponseCacheOptions { Directory = _fixture.Directory, MemoryMaxBytes = 0 });
        next.Set("k", [1, 2, 3], new DistributedCacheEntryOptions());
        Assert.True(next.IsDiskEnabled);
        Assert.Equal([1, 2, 3], next.Get("k"));
        Assert.Null(next.Get("k1"));
    }

    [Fact]
    public void A_foreign_sqlite_file_is_left_untouched_and_the_disk_tier_is_off()
    {
        using (var connection = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE theirs(x); INSERT INTO theirs VALUES (1);";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(_fixture.DatabasePath);
        var cache = _fixture.Open();
        cache.Set("k", [1], new DistributedCacheEntryOptions());

        Assert.False(cache.IsDiskEnabled);
        Assert.Contains("did not create", cache.DiskProblem, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_fixture.DatabasePath));
    }

    [Fact]
    public void Events_and_statistics_never_carry_keys_in_clear()
    {
        var cache = _fixture.Open(memoryEntries: 1);
        const string secretKey = "what is my bank password SECRET-PROMPT";
        cache.Set(secretKey, [1], new TaggedCacheEntryOptions { Tags = ["t"] });
        cache.Get(secretKey);
        cache.Get(secretKey + "miss");
        cache.Set("other", [1], new DistributedCacheEntryOptions());
        cache.Invalidate(secretKey);
        cache.InvalidatePrefix("what is my");

        var json = string.Join('\n', _fixture.Events.Select(e => JsonSerializer.Serialize(e, e.GetType())));
        Assert.DoesNotContain("SECRET-PROMPT", json, StringComparison.Ordinal);
        Assert.DoesNotContain("what is my", json, StringComparison.Ordinal);
        Assert.Contains(_fixture.EventsOf<CacheHit>(), h => h.KeyHash.Length == 16);
    }

    [Fact]
    public void Statistics_report_real_compression_and_lifetime_hit_ratio_across_instances()
    {
        var first = _fixture.Open(codec: CacheCodec.Zstd);
        for (var i = 0; i < 10; i++)
        {
            first.Set($"k{i}", CacheFixture.ChatJson(4096, i), new DistributedCacheEntryOptions());
        }

        first.Get("k1");
        first.Get("missing");
        first.Dispose();
        var second = _fixture.Open();
        second.Get("k2");

        var stats = second.GetStatistics();
        Assert.Equal(10, stats.DiskEntries);
        Assert.Equal(10 * 4096, stats.DiskOriginalBytes, 10 * 64.0);
        Assert.InRange(stats.CompressionRatio, 0.1, 0.6);
        Assert.Equal(10, stats.DiskEntriesByCodec[CacheCodec.Zstd]);
        Assert.Equal(1, stats.MemoryHits);
        Assert.Equal(1, stats.DiskHits);
        Assert.Equal(1, stats.Misses);
        Assert.Equal(2.0 / 3, stats.HitRatio, 3);
    }

    private void Corrupt(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
