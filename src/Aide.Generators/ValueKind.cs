namespace Aide.Generators;

/// <summary>How a property's value is written to and read from JSON.</summary>
internal enum ValueKind
{
    String,
    Int32,
    Int64,
    Double,
    Boolean,
    TimeSpan,
    DateTimeOffset,
    Guid,
    Enum,
    StringList,
}
