using Infrastructure.Messaging;

namespace Conference.Tests.Fakes;

/// <summary>
/// Fault injection: the process "dies" when it publishes, either before anything is sent or, with an
/// inner bus, right after the send succeeded (before the outbox row is deleted).
/// </summary>
public sealed class CrashingEventBus(IEventBus? sendsFirst = null) : IEventBus
{
    public int Attempts { get; private set; }

    public Task PublishAsync(Envelope<IEvent> @event, CancellationToken cancellationToken) => PublishAsync([@event], cancellationToken);

    public async Task PublishAsync(IEnumerable<Envelope<IEvent>> events, CancellationToken cancellationToken)
    {
        Attempts++;
        if (sendsFirst is not null)
        {
            await sendsFirst.PublishAsync(events, cancellationToken);
        }

        throw new SimulatedCrashException();
    }
}
