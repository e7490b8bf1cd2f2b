using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Serialization;

namespace Infrastructure.Tests;

public sealed record ItemShipped(string Sku, int Quantity) : VersionedEvent;

public sealed record ParcelSent(string Sku, int Count) : VersionedEvent;

public sealed record ShipItem(Guid Id, string Sku) : ICommand;

public class given_a_message_type_registry
{
    private readonly JsonMessageSerializer serializer = new(new MessageTypeRegistry()
        .Register<ItemShipped>()
        .Register<ShipItem>()
        .Register<ParcelSent>()
        .Upcast<ItemShipped>("ItemDispatched")
        .Upcast<ParcelSent>("ParcelShipped", json =>
        {
            // V1 called the count "quantity".
            json["count"] = json["quantity"]?.DeepClone();
            json.Remove("quantity");
            return json;
        }));

    [Fact]
    public void when_a_message_is_serialized_then_its_type_name_is_the_stable_short_name_and_it_round_trips()
    {
        var shipped = new ItemShipped("SKU-1", 3) { SourceId = Guid.NewGuid(), Version = 4 };

        var (typeName, body) = serializer.Serialize(shipped);

        Assert.Equal("ItemShipped", typeName);
        Assert.DoesNotContain("Infrastructure.Tests", body, StringComparison.Ordinal);
        Assert.Equal(shipped, serializer.Deserialize(typeName, body));
    }

    [Fact]
    public void when_an_old_name_is_read_then_it_is_upcast_to_the_current_type()
    {
        var body = """{"sku":"SKU-9","quantity":2,"sourceId":"0f8fad5b-d9cb-469f-a165-70867728950e","version":1}""";

        var upcast = serializer.Deserialize("ItemDispatched", body);

        Assert.Equal(new ItemShipped("SKU-9", 2) { SourceId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Version = 1 }, upcast);
    }

    [Fact]
    public void when_an_old_shape_is_read_then_the_transform_rewrites_it_first()
    {
        var upcast = serializer.Deserialize("ParcelShipped", """{"sku":"S","quantity":5,"version":2}""");

        Assert.Equal(new ParcelSent("S", 5) { Version = 2 }, upcast);
    }

    [Fact]
    public void when_the_type_name_is_unknown_then_it_is_an_unknown_message_type()
    {
        Assert.Throws<UnknownMessageTypeException>(() => serializer.Deserialize("Nope", "{}"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"id":"0f8fad5b-d9cb-469f-a165-70867728950e"}""")]
    [InlineData("""{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","sku":null}""")]
    [InlineData("null")]
    public void when_the_body_is_corrupt_or_incomplete_then_it_is_a_deserialization_failure(string body)
    {
        Assert.Throws<MessageDeserializationException>(() => serializer.Deserialize("ShipItem", body));
    }

    [Fact]
    public void when_a_type_is_not_registered_then_serializing_it_says_so()
    {
        Assert.Throws<UnknownMessageTypeException>(() => serializer.Serialize(new { Anonymous = true }));
    }

    [Fact]
    public void when_a_name_is_registered_twice_for_different_types_then_registration_fails()
    {
        var registry = new MessageTypeRegistry().Register<ItemShipped>("Shipped");

        Assert.Throws<ArgumentException>(() => registry.Register<ParcelSent>("Shipped"));
        Assert.Throws<ArgumentException>(() => registry.Upcast<ParcelSent>("Shipped"));
        Assert.Throws<ArgumentException>(() => registry.Register<ParcelSent>("Not a name"));
    }

    [Fact]
    public void when_upcasting_then_the_old_json_object_shape_is_required()
    {
        Assert.Throws<MessageDeserializationException>(() => serializer.Deserialize("ParcelShipped", "[1,2]"));
    }
}
