using Aide.Chat;
using Aide.Cli.Chat;

namespace Aide.Cli.Tests;

public sealed class ContextRefitTests
{
    private static readonly TurnResult Answer = new("ok", null, null, TimeSpan.Zero, null, null, false, null);

    private static AideChatException TooLong(int prompt = 600, int context = 512) =>
        new("too long") { Kind = ChatErrorKind.BadRequest, StatusCode = 413, PromptTokens = prompt, ContextTokens = context };

    [Fact]
    public async Task A_refused_window_is_refitted_and_the_turn_tried_again_with_the_models_figures()
    {
        var attempts = 0;
        var refits = new List<(int, int)>();

        var result = await ContextRefit.StreamAsync(
            () => ++attempts == 1 ? throw new InvalidOperationException("failover", TooLong()) : Task.FromResult(Answer),
            (prompt, context) =>
            {
                refits.Add((prompt, context));
                return Task.FromResult(true);
            });

        Assert.Same(Answer, result);
        Assert.Equal([(600, 512)], refits);
    }

    [Fact]
    public async Task Refits_stop_after_the_limit_and_the_models_error_is_reported()
    {
        var refits = 0;

        var error = await Assert.ThrowsAsync<AideChatException>(() => ContextRefit.StreamAsync(
            () => throw TooLong(),
            (_, _) => Task.FromResult(++refits > 0)));

        Assert.Equal(ContextRefit.MaxRefits, refits);
        Assert.Equal(413, error.StatusCode);
    }

    [Fact]
    public async Task Other_failures_and_a_conversation_that_cannot_refit_are_not_retried()
    {
        var refits = 0;
        Func<int, int, Task<bool>> refit = (_, _) => Task.FromResult(++refits < 0);

        await Assert.ThrowsAsync<AideChatException>(() => ContextRefit.StreamAsync(() => throw new AideChatException("down") { Kind = ChatErrorKind.ServerError }, refit));
        await Assert.ThrowsAsync<AideChatException>(() => ContextRefit.StreamAsync(() => throw TooLong(), refit));

        Assert.Equal(1, refits); // asked once for the refusal, which it could not refit; never for the server error
    }
}
