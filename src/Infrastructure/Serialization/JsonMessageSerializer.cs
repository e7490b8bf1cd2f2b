using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Infrastructure.Serialization;

/// <summary>System.Text.Json with camelCase properties; types resolved only through the registry.</summary>
public sealed class JsonMessageSerializer(MessageTypeRegistry registry) : IMessageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public (string TypeName, string Body) Serialize(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        return (registry.GetName(type), JsonSerializer.Serialize(message, type, Options));
    }

    public object Deserialize(string typeName, string body)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            if (registry.TryGetType(typeName, out var type))
            {
                return JsonSerializer.Deserialize(body, type, Options)
                    ?? throw new MessageDeserializationException($"Message of type '{typeName}' has a null body.");
            }

            if (registry.TryGetUpcaster(typeName, out var upcaster))
            {
                if (upcaster.Transform is null)
                {
                    return JsonSerializer.Deserialize(body, upcaster.CurrentType, Options)
                        ?? throw new MessageDeserializationException($"Message of type '{typeName}' has a null body.");
                }

                var json = JsonNode.Parse(body) as JsonObject
                    ?? throw new MessageDeserializationException($"Message of type '{typeName}' is not a JSON object.");
                return upcaster.Transform(json).Deserialize(upcaster.CurrentType, Options)
                    ?? throw new MessageDeserializationException($"Message of type '{typeName}' has a null body.");
            }
        }
        catch (JsonException ex)
        {
            throw new MessageDeserializationException($"Message of type '{typeName}' could not be read: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new MessageDeserializationException($"Message of type '{typeName}' could not be read: {ex.Message}", ex);
        }

        throw new UnknownMessageTypeException($"Message type '{typeName}' is not registered.");
    }
}
