using System.Collections;
using System.Collections.Immutable;
using System.Reflection;

namespace Registration.Tests.Serialization;

/// <summary>Builds a message with every field set to a distinct non-default value, by reflection.</summary>
internal sealed class ContractSamples
{
    private int next = 1;

    public object Create(Type type)
    {
        var n = next++;
        if (type == typeof(Guid))
        {
            return new Guid(n, 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8);
        }

        if (type == typeof(string))
        {
            return $"text {n}";
        }

        if (type == typeof(int))
        {
            return n;
        }

        if (type == typeof(decimal))
        {
            return n + 0.25m;
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Create(underlying);
        }

        if (type.IsEnum)
        {
            var values = Enum.GetValuesAsUnderlyingType(type);
            return Enum.ToObject(type, values.GetValue(1 + (n % (values.Length - 1)))!);
        }

        if (type == typeof(DateTimeOffset))
        {
            return new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero).AddMinutes(n);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var array = Array.CreateInstance(element, 2);
            array.SetValue(Create(element), 0);
            array.SetValue(Create(element), 1);
            return array;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            var element = type.GetGenericArguments()[0];
            var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            items.Add(Create(element));
            return typeof(ImmutableArray).GetMethods()
                .Single(m => m.Name == nameof(ImmutableArray.CreateRange) && m.GetParameters().Length == 1)
                .MakeGenericMethod(element)
                .Invoke(null, [items])!;
        }

        if (type.IsClass)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var parameters = constructor.GetParameters();
            var instance = constructor.Invoke(parameters.Select(p => Create(p.ParameterType)).ToArray());

            // Init-only members outside the constructor: SourceId and Version of events, Id of commands.
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                         .Where(p => p.SetMethod is { IsPublic: true } && !parameters.Any(a => string.Equals(a.Name, p.Name, StringComparison.Ordinal))))
            {
                property.SetValue(instance, Create(property.PropertyType));
            }

            return instance;
        }

        throw new NotSupportedException($"No sample for {type}.");
    }
}
