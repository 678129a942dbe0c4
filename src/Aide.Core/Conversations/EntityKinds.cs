namespace Aide.Conversations;

/// <summary>The entity kinds Aide's detectors report.</summary>
public static class EntityKinds
{
    /// <summary>A web address.</summary>
    public const string Url = "url";

    /// <summary>An e-mail address.</summary>
    public const string Email = "email";

    /// <summary>A file or folder path.</summary>
    public const string Path = "path";

    /// <summary>A date, time or day ("2026-11-27", "March 3rd", "tomorrow", "14:30").</summary>
    public const string DateTime = "datetime";

    /// <summary>A number with a unit or currency ("512 MB", "30s", "$20").</summary>
    public const string Quantity = "quantity";

    /// <summary>A code identifier ("HttpClient", "max_tokens", "Console.WriteLine()", anything in backticks).</summary>
    public const string Identifier = "identifier";

    /// <summary>A person ("Ada Lovelace", "Dr. Grace Hopper").</summary>
    public const string Person = "person";

    /// <summary>An organisation ("Acme Corp", "Stanford University").</summary>
    public const string Organization = "organization";

    /// <summary>A place ("New York", "Lake Geneva").</summary>
    public const string Place = "place";

    /// <summary>A proper name the detectors could not classify further ("Visual Studio Code").</summary>
    public const string Name = "name";
}
