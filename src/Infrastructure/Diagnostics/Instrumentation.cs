using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Infrastructure;

/// <summary>Traces and metrics of the messaging and event-sourcing infrastructure.</summary>
public static class Instrumentation
{
    public const string Name = "Conference.Infrastructure";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>("conference.messages.sent", description: "Messages enqueued on a topic (per subscription copy not counted).");
    public static readonly Counter<long> DuplicatesDropped = Meter.CreateCounter<long>("conference.messages.duplicates_dropped", description: "Messages dropped by duplicate detection.");
    public static readonly Counter<long> MessagesCompleted = Meter.CreateCounter<long>("conference.messages.completed");
    public static readonly Counter<long> MessagesAbandoned = Meter.CreateCounter<long>("conference.messages.abandoned");
    public static readonly Counter<long> MessagesDeadLettered = Meter.CreateCounter<long>("conference.messages.dead_lettered");
    public static readonly Histogram<double> HandlingDuration = Meter.CreateHistogram<double>("conference.messages.handling_duration", unit: "ms");
    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("conference.events.appended");
    public static readonly Counter<long> EventsPublished = Meter.CreateCounter<long>("conference.events.published");
    public static readonly Counter<long> TransientRetries = Meter.CreateCounter<long>("conference.retries.transient");
    public static readonly Counter<long> ConcurrencyRetries = Meter.CreateCounter<long>("conference.retries.concurrency");
}
