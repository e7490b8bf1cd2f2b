namespace Infrastructure.Sql.Outbox;

public sealed record EventOutboxSweeperOptions
{
    /// <summary>How often the outbox is scanned for events a crash or a failed publish left behind.</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows read per query while draining.</summary>
    public int BatchSize { get; init; } = 100;
}
