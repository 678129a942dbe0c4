using System;

namespace Aide.Generators;

/// <summary>One serialized property of an event.</summary>
internal sealed class PropertyModel : IEquatable<PropertyModel>
{
    public PropertyModel(string name, string jsonName, string typeName, ValueKind kind, bool isNullable, bool isRequired, bool isConstructorParameter, EquatableArray<string> enumMembers)
    {
        Name = name;
        JsonName = jsonName;
        TypeName = typeName;
        Kind = kind;
        IsNullable = isNullable;
        IsRequired = isRequired;
        IsConstructorParameter = isConstructorParameter;
        EnumMembers = enumMembers;
    }

    public string Name { get; }

    /// <summary>Gets the camelCase name, as <c>JsonNamingPolicy.CamelCase</c> gives it.</summary>
    public string JsonName { get; }

    /// <summary>Gets the fully qualified type without nullability (the enum's, for an enum).</summary>
    public string TypeName { get; }

    public ValueKind Kind { get; }

    /// <summary>Gets whether the value may be null (a nullable value type, or a reference annotated <c>?</c>).</summary>
    public bool IsNullable { get; }

    public bool IsRequired { get; }

    /// <summary>Gets whether the record's primary constructor takes it (otherwise it is set with <c>with</c>).</summary>
    public bool IsConstructorParameter { get; }

    /// <summary>Gets an enum's member names, for writing by name.</summary>
    public EquatableArray<string> EnumMembers { get; }

    public bool Equals(PropertyModel? other) =>
        other is not null && Name == other.Name && JsonName == other.JsonName && TypeName == other.TypeName && Kind == other.Kind
        && IsNullable == other.IsNullable && IsRequired == other.IsRequired && IsConstructorParameter == other.IsConstructorParameter
        && EnumMembers.Equals(other.EnumMembers);

    public override bool Equals(object? obj) => Equals(obj as PropertyModel);

    public override int GetHashCode() => Name.GetHashCode() ^ TypeName.GetHashCode();
}
