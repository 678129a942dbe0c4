using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Aide.Generators;

/// <summary>
/// Derives everything the event bus and the journal need from each sealed record that derives from
/// <c>Aide.Events.AideEvent</c>: its bus type id, its entry in <c>EventCatalog.All</c>, and its JSON writer and reader
/// (<c>AideEventJson</c>). Adding an event is then one file (and its test).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class EventGenerator : IIncrementalGenerator
{
    private const string BaseEvent = "Aide.Events.AideEvent";

    private static readonly DiagnosticDescriptor NotPartial = new(
        "AIDE1001",
        "An event type must be partial",
        "Event type '{0}' must be declared 'partial' so its type id and JSON can be generated",
        "Aide.Events",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor Unsupported = new(
        "AIDE1002",
        "An event property has a type the journal cannot hold",
        "Event type '{0}': {1}",
        "Aide.Events",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var events = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is RecordDeclarationSyntax { BaseList: not null } record && record.Modifiers.Any(SyntaxKind.SealedKeyword),
                static (syntax, _) => Describe(syntax))
            .Where(static e => e is not null)
            .Collect();

        context.RegisterSourceOutput(events, static (output, found) =>
        {
            var all = found.Select(e => e!.Value).OrderBy(e => e.Model.Name, System.StringComparer.Ordinal).ToList();
            var usable = new List<EventModel>();
            foreach (var (model, location) in all)
            {
                if (!model.IsPartial)
                {
                    output.ReportDiagnostic(Diagnostic.Create(NotPartial, location, model.Name));
                }
                else if (model.Problem is { } problem)
                {
                    output.ReportDiagnostic(Diagnostic.Create(Unsupported, location, model.Name, problem));
                }
                else
                {
                    usable.Add(model);
                }
            }

            if (usable.Count > 0)
            {
                output.AddSource("AideEvents.g.cs", SourceText.From(EventSourceWriter.Write(usable), Encoding.UTF8));
            }
        });
    }

    private static (EventModel Model, Location Location)? Describe(GeneratorSyntaxContext syntax)
    {
        if (syntax.SemanticModel.GetDeclaredSymbol(syntax.Node) is not INamedTypeSymbol type || type.IsAbstract || !DerivesFromEvent(type))
        {
            return null;
        }

        var record = (RecordDeclarationSyntax)syntax.Node;
        var constructor = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        var parameters = constructor?.Parameters.Select(p => p.Name).ToImmutableHashSet(System.StringComparer.OrdinalIgnoreCase) ?? ImmutableHashSet<string>.Empty;

        var properties = ImmutableArray.CreateBuilder<PropertyModel>();
        var seen = new HashSet<string>();
        string? problem = null;
        for (var level = type; level is not null && level.SpecialType != SpecialType.System_Object; level = level.BaseType)
        {
            foreach (var property in level.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public } || IsIgnored(property) || !seen.Add(property.Name))
                {
                    continue;
                }

                if (Classify(property.Type) is not { } shape)
                {
                    problem ??= $"property '{property.Name}' is of type '{property.Type.ToDisplayString()}'; use a string, number, bool, TimeSpan, DateTimeOffset, Guid, enum or IReadOnlyList<string>";
                    continue;
                }

                properties.Add(new PropertyModel(
                    property.Name,
                    CamelCase(property.Name),
                    shape.TypeName,
                    shape.Kind,
                    shape.IsNullable || property.NullableAnnotation == NullableAnnotation.Annotated,
                    property.IsRequired,
                    parameters.Contains(property.Name),
                    shape.EnumMembers));
            }
        }

        var model = new EventModel(
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            record.Modifiers.Any(SyntaxKind.PartialKeyword),
            new EquatableArray<PropertyModel>(properties.ToImmutable()),
            problem);
        return (model, record.Identifier.GetLocation());
    }

    private static bool DerivesFromEvent(INamedTypeSymbol type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.ToDisplayString() == BaseEvent)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIgnored(IPropertySymbol property) =>
        property.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonIgnoreAttribute");

    private static Shape? Classify(ITypeSymbol type)
    {
        var isNullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            isNullable = true;
            type = nullable.TypeArguments[0];
        }

        var name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var empty = new EquatableArray<string>(ImmutableArray<string>.Empty);
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return new Shape(ValueKind.String, name, isNullable, empty);
            case SpecialType.System_Int32: return new Shape(ValueKind.Int32, name, isNullable, empty);
            case SpecialType.System_Int64: return new Shape(ValueKind.Int64, name, isNullable, empty);
            case SpecialType.System_Double: return new Shape(ValueKind.Double, name, isNullable, empty);
            case SpecialType.System_Boolean: return new Shape(ValueKind.Boolean, name, isNullable, empty);
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            var members = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).Select(f => f.Name).ToImmutableArray();
            return new Shape(ValueKind.Enum, name, isNullable, new EquatableArray<string>(members));
        }

        switch (name)
        {
            case "global::System.TimeSpan": return new Shape(ValueKind.TimeSpan, name, isNullable, empty);
            case "global::System.DateTimeOffset": return new Shape(ValueKind.DateTimeOffset, name, isNullable, empty);
            case "global::System.Guid": return new Shape(ValueKind.Guid, name, isNullable, empty);
            case "global::System.Collections.Generic.IReadOnlyList<string>": return new Shape(ValueKind.StringList, name, isNullable, empty);
            default: return null;
        }
    }

    /// <summary>System.Text.Json's <c>JsonNamingPolicy.CamelCase</c>: the leading capitals lower-cased, the last of a run kept when a lower-case letter follows.</summary>
    private static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    private sealed class Shape
    {
        public Shape(ValueKind kind, string typeName, bool isNullable, EquatableArray<string> enumMembers)
        {
            Kind = kind;
            TypeName = typeName;
            IsNullable = isNullable;
            EnumMembers = enumMembers;
        }

        public ValueKind Kind { get; }

        public string TypeName { get; }

        public bool IsNullable { get; }

        public EquatableArray<string> EnumMembers { get; }
    }
}
