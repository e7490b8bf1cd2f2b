namespace Conference.Web.Public;

/// <summary>
/// The time reservation expiries are compared with. Its own service, so that it can be moved without
/// moving the clock of the transport (which stamps when messages become visible).
/// </summary>
public sealed class ExpiryClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
