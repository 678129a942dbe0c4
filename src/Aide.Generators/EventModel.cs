using System;

namespace Aide.Generators;

/// <summary>One sealed event record, as the generator needs it (equatable, so unchanged events cost nothing on the next keystroke).</summary>
internal sealed class EventModel : IEquatable<EventModel>
{
    public EventModel(string name, string fullName, bool isPartial, EquatableArray<PropertyModel> properties, string? problem)
    {
        Name = name;
        FullName = fullName;
        IsPartial = isPartial;
        Properties = properties;
        Problem = problem;
    }

    /// <summary>Gets the type's name: also its <c>type</c> discriminator in JSON.</summary>
    public string Name { get; }

    /// <summary>Gets the type's name with <c>global::</c> and its namespace.</summary>
    public string FullName { get; }

    public bool IsPartial { get; }

    /// <summary>Gets the properties in System.Text.Json's order: the type's own first, then each base type's.</summary>
    public EquatableArray<PropertyModel> Properties { get; }

    /// <summary>Gets why the event cannot be generated (a property of a type the journal cannot hold), if it cannot.</summary>
    public string? Problem { get; }

    public bool Equals(EventModel? other) =>
        other is not null && Name == other.Name && FullName == other.FullName && IsPartial == other.IsPartial
        && Properties.Equals(other.Properties) && Problem == other.Problem;

    public override bool Equals(object? obj) => Equals(obj as EventModel);

    public override int GetHashCode() => FullName.GetHashCode();
}
