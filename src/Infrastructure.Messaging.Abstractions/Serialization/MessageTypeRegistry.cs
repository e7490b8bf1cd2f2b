using System.Collections.Frozen;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Infrastructure.Serialization;

/// <summary>
/// Maps message types to stable short names (never CLR names, so types can move between assemblies)
/// and knows how to read older shapes: an old name can be an alias of a current type, optionally with
/// a function that rewrites the JSON first (upcasting).
/// </summary>
public sealed partial class MessageTypeRegistry
{
    private readonly Dictionary<string, Type> typesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> namesByType = [];
    private readonly Dictionary<string, Upcaster> upcasters = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="name"/> (default: the class name).</summary>
    public MessageTypeRegistry Register<T>(string? name = null) => Register(typeof(T), name);

    public MessageTypeRegistry Register(Type type, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        name ??= type.Name;
        EnsureValidName(name);
        if (typesByName.TryGetValue(name, out var existing) && existing != type)
        {
            throw new ArgumentException($"Type name '{name}' is already registered for {existing.FullName}.", nameof(name));
        }

        if (upcasters.ContainsKey(name))
        {
            throw new ArgumentException($"Type name '{name}' is already used by an upcaster.", nameof(name));
        }

        typesByName[name] = type;
        namesByType[type] = name;
        return this;
    }

    /// <summary>Registers every concrete type in the assembly of <typeparamref name="TMarker"/> assignable to <typeparamref name="TBase"/>.</summary>
    public MessageTypeRegistry RegisterAllFromAssemblyOf<TMarker, TBase>()
    {
        foreach (var type in typeof(TMarker).Assembly.GetExportedTypes()
                     .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && typeof(TBase).IsAssignableFrom(t)))
        {
            Register(type);
        }

        return this;
    }

    /// <summary>
    /// Reads messages stored under <paramref name="oldName"/> as <typeparamref name="TCurrent"/>,
    /// after applying <paramref name="transform"/> to their JSON when the shape changed.
    /// </summary>
    public MessageTypeRegistry Upcast<TCurrent>(string oldName, Func<JsonObject, JsonObject>? transform = null)
    {
        EnsureValidName(oldName);
        if (typesByName.ContainsKey(oldName))
        {
            throw new ArgumentException($"'{oldName}' is a current type name and cannot also be upcast.", nameof(oldName));
        }

        upcasters[oldName] = new Upcaster(typeof(TCurrent), transform);
        return this;
    }

    public string GetName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return namesByType.TryGetValue(type, out var name)
            ? name
            : throw new UnknownMessageTypeException($"Type {type.FullName} has no registered message type name.");
    }

    public bool TryGetType(string name, out Type type) => typesByName.TryGetValue(name, out type!);

    /// <summary>The current type an old <paramref name="name"/> reads as, and how its JSON is rewritten first.</summary>
    public bool TryGetUpcaster(string name, out Upcaster upcaster) => upcasters.TryGetValue(name, out upcaster!);

    public IReadOnlySet<string> Names => typesByName.Keys.Concat(upcasters.Keys).ToFrozenSet(StringComparer.Ordinal);

    private static void EnsureValidName(string name)
    {
        if (!TypeName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid message type name: use letters, digits and '.', starting with a letter.", nameof(name));
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.]{0,127}$")]
    private static partial Regex TypeName();

    /// <summary>An old type name: the type it now reads as, and an optional rewrite of its JSON.</summary>
    public sealed record Upcaster(Type CurrentType, Func<JsonObject, JsonObject>? Transform);
}
