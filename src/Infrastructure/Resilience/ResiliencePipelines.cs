using Polly;
using Polly.Retry;

namespace Infrastructure.Resilience;

/// <summary>Polly pipelines shared by the stores and the message processor.</summary>
public static class ResiliencePipelines
{
    /// <summary>Retries what <paramref name="isTransient"/> recognises, with jittered exponential back-off.</summary>
    public static ResiliencePipeline TransientFaults(Func<Exception, bool> isTransient, int maxRetryAttempts = 6, TimeSpan? baseDelay = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle(isTransient),
                MaxRetryAttempts = maxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    Instrumentation.TransientRetries.Add(1, new KeyValuePair<string, object?>("exception", args.Outcome.Exception?.GetType().Name));
                    return default;
                },
            })
            .Build();

    /// <summary>
    /// Retries a whole command or event handling when an aggregate or process manager was changed
    /// concurrently: the retry reloads it and decides again.
    /// </summary>
    public static readonly ResiliencePipeline ConcurrencyConflicts =
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ConcurrencyException>(),
                MaxRetryAttempts = 10,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(500),
                OnRetry = _ =>
                {
                    Instrumentation.ConcurrencyRetries.Add(1);
                    return default;
                },
            })
            .Build();
}
