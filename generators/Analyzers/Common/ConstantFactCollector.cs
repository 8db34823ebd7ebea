using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PiCluster.Cluster.Rules;

namespace PiCluster.Analyzers.Common;

/// <summary>
/// Reads the facts a definition written with constants states: walks object creations (explicit, target-typed),
/// collection expressions and array initializers, and turns every constant argument of an attributed parameter
/// into a <see cref="Fact"/> whose <see cref="Fact.Origin"/> is the argument's <see cref="Location"/>.
/// Field paths match the generated run-time extraction ("Nodes[pi2].Address"). Non-constant values are skipped.
/// </summary>
internal sealed class ConstantFactCollector
{
    private readonly FactAttributes attributes;

    // Attribute reads per parameter; a definition repeats the same few record types many times.
    private readonly ConcurrentDictionary<IParameterSymbol, ParameterFacts> cache = new(SymbolEqualityComparer.Default);

    public ConstantFactCollector(FactAttributes attributes) => this.attributes = attributes;

    /// <summary>True for the operations that can start a definition: an object creation or a collection.</summary>
    public static bool IsComposite(IOperation operation) =>
        operation.Kind is OperationKind.ObjectCreation or OperationKind.CollectionExpression or OperationKind.ArrayCreation;

    /// <summary>True when no composite encloses <paramref name="operation"/>: it is a definition of its own.</summary>
    public static bool IsOutermost(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (IsComposite(parent)) return false;
        }
        return true;
    }

    public List<Fact> Collect(IOperation root)
    {
        var facts = new List<Fact>();
        Walk(root, "", null, facts);
        return facts;
    }

    private ParameterFacts Read(IParameterSymbol parameter) => cache.GetOrAdd(parameter, attributes.Read);

    private void Walk(IOperation operation, string path, IReadOnlyDictionary<string, FactKind>? nested, List<Fact> facts)
    {
        operation = Unwrap(operation);
        switch (operation)
        {
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    var parameter = argument.Parameter;
                    if (parameter is null) continue;
                    var field = Join(path, parameter.Name);
                    if (nested is not null)
                    {
                        // Inside [NestedFact]: only the named members are facts, whatever the nested record says.
                        if (nested.TryGetValue(parameter.Name, out var nestedKind)) AddFacts(nestedKind, field, argument.Value, facts);
                        continue;
                    }
                    var read = Read(parameter);
                    if (read.Kind is { } kind) AddFacts(kind, field, argument.Value, facts);
                    else Walk(argument.Value, field, read.Nested, facts);
                }
                if (creation.Initializer is not null) Walk(creation.Initializer, path, null, facts);
                break;
            case ICollectionExpressionOperation collection:
                WalkElements(collection.Elements, path, facts);
                break;
            case IArrayCreationOperation { Initializer: { } initializer }:
                WalkElements(initializer.ElementValues, path, facts);
                break;
            default:
                foreach (var child in operation.ChildOperations) Walk(child, path, null, facts);
                break;
        }
    }

    private void WalkElements(IReadOnlyList<IOperation> elements, string path, List<Fact> facts)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            Walk(element, path + "[" + (KeyOf(element) ?? i.ToString(CultureInfo.InvariantCulture)) + "]", null, facts);
        }
    }

    private string? KeyOf(IOperation element)
    {
        if (Unwrap(element) is not IObjectCreationOperation creation) return null;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { } parameter && Read(parameter).IsKey && ConstantText(Unwrap(argument.Value)) is { } key) return key;
        }
        return null;
    }

    private static void AddFacts(FactKind kind, string field, IOperation value, List<Fact> facts)
    {
        value = Unwrap(value);
        IReadOnlyList<IOperation>? elements = value switch
        {
            ICollectionExpressionOperation collection => collection.Elements,
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            _ => null,
        };
        if (elements is null)
        {
            AddFact(kind, field, value, facts);
            return;
        }
        for (var i = 0; i < elements.Count; i++) AddFact(kind, field + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", Unwrap(elements[i]), facts);
    }

    private static void AddFact(FactKind kind, string field, IOperation value, List<Fact> facts)
    {
        if (ConstantText(value) is { } text) facts.Add(new Fact(kind, field, text, value.Syntax.GetLocation()));
    }

    /// <summary>The value as render would see it: strings as-is, numbers invariant, enums by member name; null when not constant.</summary>
    private static string? ConstantText(IOperation value)
    {
        var constant = value.ConstantValue;
        if (!constant.HasValue || constant.Value is null) return null;
        if (value.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, constant.Value)) return field.Name;
            }
            return null;
        }
        return constant.Value switch
        {
            string text => text,
            int number => number.ToString(CultureInfo.InvariantCulture),
            long number => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
