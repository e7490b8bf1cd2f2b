using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registration.ReadModel.Tests;

/// <summary>Writes 500, 500.0 and 500.00 alike: databases return decimals with their own scale, and only the value matters.</summary>
public sealed class NormalizedDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value / 1.0000000000000000000000000000m);
    }
}
