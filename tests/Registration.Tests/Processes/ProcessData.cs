using Infrastructure.Messaging;
using Payments.Contracts.Events;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Process;
using Registration.Tests.Fakes;

namespace Registration.Tests.Processes;

internal static class ProcessData
{
    public static readonly Guid OrderId = Guid.Parse("9e9e9e9e-0000-4000-8000-000000000001");
    public static readonly Guid ConferenceId = Guid.Parse("9e9e9e9e-0000-4000-8000-0000000000c0");
    public static readonly Guid SeatType = Guid.Parse("9e9e9e9e-0000-4000-8000-00000000000a");
    public static readonly DateTimeOffset Now = TestClock.Start;
    public static readonly DateTimeOffset Expiration = Now + TimeSpan.FromMinutes(15);
    public static readonly IReadOnlyList<SeatQuantity> Seats = [new(SeatType, 3)];

    public static OrderPlaced Placed(DateTimeOffset? expiration = null) =>
        new(ConferenceId, Seats, expiration ?? Expiration, "ABCDEF") { SourceId = OrderId, Version = 1 };

    public static OrderUpdated Updated() => new([new(SeatType, 5)]) { SourceId = OrderId, Version = 3 };

    public static Envelope<SeatsReserved> Reserved(Guid correlationId, params SeatQuantity[] details) =>
        new(new SeatsReserved(OrderId, details.Length == 0 ? Seats : details, []) { SourceId = ConferenceId, Version = 7 }) { CorrelationId = correlationId.ToString() };

    public static PaymentCompleted Paid() => new(Guid.NewGuid(), OrderId);

    public static OrderConfirmed Confirmed() => new() { SourceId = OrderId, Version = 5 };

    public static RegistrationProcessManager NotStarted() => new(OrderId);

    public static RegistrationProcessManager AwaitingReservationConfirmation()
    {
        var process = NotStarted();
        process.Handle(Placed(), Now, RegistrationOptions.DefaultExpirationBuffer);
        return process;
    }

    public static RegistrationProcessManager ReservationConfirmationReceived()
    {
        var process = AwaitingReservationConfirmation();
        process.Handle(Reserved(process.SeatReservationCommandId));
        return process;
    }

    public static RegistrationProcessManager PaymentConfirmationReceived()
    {
        var process = ReservationConfirmationReceived();
        process.Handle(Paid());
        return process;
    }

    /// <summary>The commands <paramref name="act"/> makes the process send.</summary>
    public static List<Envelope<ICommand>> CommandsOf(RegistrationProcessManager process, Action act)
    {
        var before = process.Commands.Count();
        act();
        return process.Commands.Skip(before).ToList();
    }

    public static void AssertIgnored(RegistrationProcessManager process, Action act)
    {
        var state = (process.State, process.Completed, process.SeatReservationCommandId, process.ExpirationCommandId);
        Assert.Empty(CommandsOf(process, act));
        Assert.Equal(state, (process.State, process.Completed, process.SeatReservationCommandId, process.ExpirationCommandId));
    }

    public static void AssertRejectedAndReleased(List<Envelope<ICommand>> commands)
    {
        Assert.Collection(
            commands,
            c => Assert.Equal(OrderId, Assert.IsType<RejectOrder>(c.Body).OrderId),
            c =>
            {
                var cancel = Assert.IsType<CancelSeatReservation>(c.Body);
                Assert.Equal((ConferenceId, OrderId), (cancel.ConferenceId, cancel.ReservationId));
                Assert.Equal($"SeatsAvailability_{ConferenceId}", c.PartitionKey);
            });
    }

    public static void AssertCommitted(List<Envelope<ICommand>> commands)
    {
        var commit = Assert.IsType<CommitSeatReservation>(Assert.Single(commands).Body);
        Assert.Equal((ConferenceId, OrderId), (commit.ConferenceId, commit.ReservationId));
        Assert.Equal($"SeatsAvailability_{ConferenceId}", commands[0].PartitionKey);
    }
}
