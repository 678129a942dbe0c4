using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Aide.Cli.Tests.Support;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (a WebSocket and JSON: no driver to download, which
/// Playwright would need). Collects what a user would see go wrong: console errors, uncaught exceptions, failed or
/// refused requests. Accepts every <c>confirm()</c> dialog, as a user clicking OK.
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _receiving = Task.CompletedTask;
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    private HeadlessBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, exceptions and failed requests seen so far.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>Chromium's executable: <c>AIDE_CHROMIUM</c>, else the first of Debian's and others' usual names on the PATH.</summary>
    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("AIDE_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
            .SelectMany(name => path.Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Starts the browser. Without one, the test is skipped, unless <c>AIDE_REQUIRE_BROWSER=1</c> (CI sets it after
    /// installing Chromium), where a missing browser fails it.
    /// </summary>
    public static async Task<HeadlessBrowser> StartAsync(CancellationToken cancellationToken)
    {
        if (FindExecutable() is not { } executable)
        {
            Assert.False(Environment.GetEnvironmentVariable("AIDE_REQUIRE_BROWSER") == "1", "AIDE_REQUIRE_BROWSER=1 but no Chromium was found (set AIDE_CHROMIUM).");
            Assert.Skip("No Chromium on this machine (apt install chromium, or set AIDE_CHROMIUM); .ci/run installs it.");
            throw new UnreachableException();
        }

        var profile = Directory.CreateTempSubdirectory("aide-browser-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--remote-debugging-port=0", "--window-size=1400,1800",
            $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessBrowser(process, profile);
        try
        {
            await browser.ConnectAsync(cancellationToken);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads a page and waits for its load event.</summary>
    public async Task NavigateAsync(string url, CancellationToken cancellationToken)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, cancellationToken);
        await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var reply = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancellationToken);
        if (reply["exceptionDetails"] is { } failure)
        {
            throw new InvalidOperationException($"'{expression}' threw: {failure.ToJsonString()}");
        }

        return reply["result"]?["value"];
    }

    /// <summary>Polls a JavaScript condition until it is true; returns how long that took (the guard fails the test on a hang).</summary>
    public async Task<TimeSpan> WaitForAsync(string condition, CancellationToken cancellationToken, int guardMilliseconds = 15_000)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if ((await EvaluateAsync($"!!({condition})", cancellationToken))?.GetValue<bool>() == true)
            {
                return watch.Elapsed;
            }

            Assert.True(watch.ElapsedMilliseconds < guardMilliseconds, $"The page never showed: {condition}. Problems: {string.Join(" | ", Problems)}");
            await Task.Delay(50, cancellationToken); // polling the page, not a timing assertion
        }
    }

    /// <summary>Saves a PNG of the whole page, or of one element when <paramref name="selector"/> is given.</summary>
    public async Task ScreenshotAsync(string path, string? selector, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true };
        if (selector is not null)
        {
            var box = await EvaluateAsync($"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, r.width, r.height]; }})()", cancellationToken);
            parameters["clip"] = new JsonObject { ["x"] = (double)box![0]!, ["y"] = (double)box[1]!, ["width"] = (double)box[2]!, ["height"] = (double)box[3]!, ["scale"] = 1 };
        }

        var reply = await SendAsync("Page.captureScreenshot", parameters, cancellationToken);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)reply["data"]!), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // already gone
        }

        _socket.Dispose();
        _sending.Dispose();
        _process.Dispose();
        _stop.Dispose();
        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // a file Chromium still held; the temp folder is cleaned by the OS
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        var guard = Stopwatch.StartNew();
        while (!File.Exists(portFile) || (await File.ReadAllTextAsync(portFile, cancellationToken)).Split('\n')[0].Length == 0)
        {
            Assert.False(_process.HasExited, "Chromium exited at start.");
            Assert.True(guard.Elapsed < TimeSpan.FromSeconds(30), "Chromium did not open its DevTools port within 30 s.");
            await Task.Delay(50, cancellationToken); // waiting for the browser's start, not a timing assertion
        }

        var port = (await File.ReadAllTextAsync(portFile, cancellationToken)).Split('\n')[0].Trim();
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"), cancellationToken))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await _socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), cancellationToken);
        _receiving = Task.Run(ReceiveAsync, CancellationToken.None);
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Network.enable", "Page.enable" })
        {
            await SendAsync(domain, new JsonObject(), cancellationToken);
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }

        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return answer["error"] is { } error ? throw new InvalidOperationException($"{method}: {error.ToJsonString()}") : answer["result"]!;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray())!;
            message.SetLength(0);
            if (node["id"] is { } id && _pending.TryRemove((int)id, out var reply))
            {
                reply.TrySetResult(node);
            }
            else if (node["method"] is { } method)
            {
                OnEvent((string)method!, node["params"]!);
            }
        }
    }

    private void OnEvent(string method, JsonNode parameters)
    {
        switch (method)
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Page.javascriptDialogOpening":
                _ = SendAsync("Page.handleJavaScriptDialog", new JsonObject { ["accept"] = true }, _stop.Token);
                break;
            case "Runtime.exceptionThrown":
                _problems.Enqueue("exception: " + parameters["exceptionDetails"]?.ToJsonString());
                break;
            case "Runtime.consoleAPICalled" when ((string?)parameters["type"]) is "error" or "assert":
                _problems.Enqueue("console: " + parameters["args"]?.ToJsonString());
                break;
            case "Log.entryAdded" when ((string?)parameters["entry"]?["level"]) == "error":
                _problems.Enqueue("log: " + parameters["entry"]?.ToJsonString());
                break;
            case "Network.loadingFailed" when ((bool?)parameters["canceled"]) != true:
                _problems.Enqueue("request failed: " + parameters.ToJsonString());
                break;
            case "Network.responseReceived" when ((int?)parameters["response"]?["status"]) >= 400:
                _problems.Enqueue($"HTTP {(int?)parameters["response"]?["status"]}: {(string?)parameters["response"]?["url"]}");
                break;
        }
    }
}
