namespace Conference.LoadTest;

/// <summary>One registrant's purchase: when each step was reached, on the run's clock, and how it ended.</summary>
internal sealed class Purchase(int number, TimeSpan due)
{
    public int Number => number;

    /// <summary>When the open-loop schedule started it (number / rate).</summary>
    public TimeSpan Due => due;

    public Guid OrderId { get; set; }

    public TimeSpan? Started { get; set; }

    /// <summary>Just before the seat-selection POST (RegisterToConference).</summary>
    public TimeSpan? Registered { get; set; }

    /// <summary>The registrant page shows the priced order.</summary>
    public TimeSpan? Priced { get; set; }

    /// <summary>The thank-you page shows the access code.</summary>
    public TimeSpan? Confirmed { get; set; }

    public int Requests { get; set; }

    public int Refreshes { get; set; }

    /// <summary>Details forms submitted again because the page asked to.</summary>
    public int Resubmits { get; set; }

    /// <summary>Null when it reached the thank-you page; otherwise what went wrong.</summary>
    public string? Error { get; set; }

    public bool Completed => Confirmed is not null && Error is null;

    public TimeSpan? RegisterToPriced => Priced - Registered;

    public TimeSpan? Whole => Confirmed - Started;
}
