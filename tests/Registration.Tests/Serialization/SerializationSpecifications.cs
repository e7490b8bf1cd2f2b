using System.Text.Json;
using Conference.Contracts;
using Discounts.Contracts;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Payments.Contracts;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;
using Registration.Tests.Fakes;
using WaitingList.Contracts;

namespace Registration.Tests.Serialization;

public class given_the_message_type_registry
{
    private static readonly MessageTypeRegistry Registry = Messages.CreateRegistry();
    private static readonly JsonMessageSerializer Serializer = new(Registry);

    public static TheoryData<string> RegisteredNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in Registry.Names.Where(n => Registry.TryGetType(n, out _)).Order(StringComparer.Ordinal))
        {
            names.Add(name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(RegisteredNames))]
    public void when_a_contract_is_serialized_and_read_back_then_it_is_equal(string typeName)
    {
        Registry.TryGetType(typeName, out var type);
        var message = new ContractSamples().Create(type);

        var (writtenName, body) = Serializer.Serialize(message);
        var read = Serializer.Deserialize(writtenName, body);

        Assert.Equal(typeName, writtenName);
        Assert.IsType(type, read);
        Assert.Equal(body, Serializer.Serialize(read).Body);
        if (!type.GetProperties().Any(p => p.PropertyType.IsGenericType))
        {
            // Without collections, records compare by value.
            Assert.Equal(message, read);
        }
    }

    [Fact]
    public void when_listing_the_contract_assemblies_then_every_message_type_is_registered()
    {
        var contracts = new[] { typeof(RegistrationMessageTypes), typeof(PaymentsMessageTypes), typeof(ConferenceMessageTypes), typeof(WaitingListMessageTypes), typeof(DiscountsMessageTypes) }
            .SelectMany(t => t.Assembly.GetExportedTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && (typeof(ICommand).IsAssignableFrom(t) || typeof(IEvent).IsAssignableFrom(t)))
            .ToList();

        // Registration 16 + 13 (+ 5 for waiting-list offers, + 5 for promotional codes), Payments 6, Conference 6, WaitingList 10, Discounts 9.
        Assert.Equal(16 + 13 + 5 + 5 + 6 + 6 + 10 + 9, contracts.Count);
        Assert.All(contracts, t => Assert.Equal(t.Name, Registry.GetName(t)));
    }

    [Fact]
    public void when_reading_the_legacy_order_payment_confirmed_then_it_is_an_order_confirmed()
    {
        var orderId = Guid.NewGuid();

        var read = Serializer.Deserialize("OrderPaymentConfirmed", $$"""{"sourceId":"{{orderId}}","version":5}""");

        var confirmed = Assert.IsType<OrderConfirmed>(read);
        Assert.Equal((orderId, 5), (confirmed.SourceId, confirmed.Version));
    }

    [Fact]
    public void when_reading_the_legacy_confirm_order_payment_then_it_is_a_confirm_order()
    {
        var (id, orderId) = (Guid.NewGuid(), Guid.NewGuid());

        var read = Serializer.Deserialize("ConfirmOrderPayment", $$"""{"id":"{{id}}","orderId":"{{orderId}}"}""");

        Assert.Equal(new ConfirmOrder(orderId) { Id = id }, read);
    }

    [Fact]
    public void when_rehydrating_an_order_stored_before_the_rename_then_it_is_confirmed()
    {
        var (orderId, conferenceId, seatType) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var stored = new (string TypeName, string Body)[]
        {
            ("OrderPlaced", $$"""{"conferenceId":"{{conferenceId}}","seats":[{"seatType":"{{seatType}}","quantity":2}],"reservationAutoExpiration":"2012-05-04T09:15:00+00:00","accessCode":"K7M2Q","sourceId":"{{orderId}}","version":1}"""),
            ("OrderReservationCompleted", $$"""{"reservationExpiration":"2012-05-04T09:15:00+00:00","seats":[{"seatType":"{{seatType}}","quantity":2}],"sourceId":"{{orderId}}","version":2}"""),
            ("OrderTotalsCalculated", $$"""{"total":200,"lines":[{"seatType":"{{seatType}}","description":"General","unitPrice":100,"quantity":2,"lineTotal":200}],"isFreeOfCharge":false,"sourceId":"{{orderId}}","version":3}"""),
            ("OrderPaymentConfirmed", $$"""{"sourceId":"{{orderId}}","version":4}"""),
        };

        var order = Order.Rehydrate(orderId, stored.Select(s => (IVersionedEvent)Serializer.Deserialize(s.TypeName, s.Body)));

        Assert.True(order.IsConfirmed);
        Assert.Equal(4, order.Version);
        var ex = Assert.Throws<BusinessRuleViolationException>(() => order.Expire());
        Assert.Equal("Cannot modify a confirmed order.", ex.Message);
        Assert.Equal(2, Assert.IsType<SeatAssignmentsCreated>(Assert.Single(order.CreateSeatAssignments().PendingEvents)).Seats.Count);
    }

    [Fact]
    public void when_serializing_then_the_stable_name_is_written_and_no_clr_name_appears()
    {
        var (typeName, body) = Serializer.Serialize(new OrderConfirmed { SourceId = Guid.NewGuid(), Version = 1 });

        Assert.Equal("OrderConfirmed", typeName);
        Assert.DoesNotContain("Registration.Contracts", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
    }
}
