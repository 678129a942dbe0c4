using System.Reflection;
using Aide.Conversations;

namespace Aide.Core.Tests.Conversations;

/// <summary>An <see cref="IConversationStore"/> that forwards every call to a real store and records the method names.</summary>
public class CallCountingStore : DispatchProxy
{
    private IConversationStore? _inner;

    public List<string> Calls { get; } = [];

    public static IConversationStore Over(IConversationStore inner)
    {
        var store = Create<IConversationStore, CallCountingStore>();
        ((CallCountingStore)(object)store)._inner = inner;
        return store;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.Add(targetMethod.Name);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
