using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Registration.ReadModel;

namespace Conference.Web.Public;

/// <summary>
/// GET /{conference}/orders/{orderId}/changes?since={sequence}: a server-sent event stream that says
/// "changed" (data: the sequence) when the read model of the order changed after <c>since</c>, and
/// "heartbeat" every <see cref="PublicSiteOptions.ChangeHeartbeat"/> so that proxies keep it open.
/// The browser that may see the order (<see cref="OrderAccess"/>) may listen; anyone else gets the
/// same 404 as for an unknown order.
/// </summary>
public static class OrderChangeEndpoint
{
    public const string ChangedEvent = "changed";

    public const string HeartbeatEvent = "heartbeat";

    /// <summary>The stream's address for <paramref name="orderId"/>, to be read after <paramref name="since"/>.</summary>
    public static string PathFor(string pathBase, string conference, Guid orderId, long since) =>
        $"{pathBase}/{Uri.EscapeDataString(conference)}/orders/{orderId:D}/changes?since={since.ToString(CultureInfo.InvariantCulture)}";

    public static IEndpointRouteBuilder MapOrderChanges(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{conference}/orders/{orderId:guid}/changes", async (
            string conference,
            Guid orderId,
            string? since,
            HttpContext context,
            IConferenceDao conferences,
            OrderAccess access,
            OrderChangeHub hub,
            OrderChangeFeed feed,
            PublicSiteOptions options) =>
        {
            // A position that is not one, like an order this browser may not see, is a page that does not exist.
            if (!long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                || !access.CanSee(context, orderId)
                || conference.Length > 200
                || await conferences.GetConferenceAliasAsync(conference, context.RequestAborted) is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.ServerSentEvents(StreamAsync(orderId, position, hub, feed, options, context.RequestAborted));
        });
        return endpoints;
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        Guid orderId,
        long since,
        OrderChangeHub hub,
        OrderChangeFeed feed,
        PublicSiteOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Listening first, then looking back: a change committed in between is heard one way or the other.
        using var subscription = hub.Subscribe(orderId);
        var told = since;
        var earlier = await feed.FindChangeAfterAsync(orderId, since, cancellationToken);
        if (earlier is not null)
        {
            told = earlier.Sequence;
            yield return Changed(earlier);
        }

        // The heartbeat is an event of its own type: the page listens to "changed" only.
        yield return new SseItem<string>("", HeartbeatEvent);
        while (!cancellationToken.IsCancellationRequested)
        {
            OrderChange? change;
            using (var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                beat.CancelAfter(options.ChangeHeartbeat);
                change = await NextAsync(subscription, beat.Token);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            if (change is null)
            {
                yield return new SseItem<string>("", HeartbeatEvent);
            }
            else if (change.Sequence > told)
            {
                // Only news: the page read the order after every change up to `since` (and this instance's
                // watcher may be behind the one whose cursor the page was given, or hear a change twice).
                told = change.Sequence;
                yield return Changed(change);
            }
        }
    }

    /// <summary>The next change, or null when <paramref name="cancellationToken"/> ends the wait first.</summary>
    private static async Task<OrderChange?> NextAsync(OrderChangeHub.Subscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            return await subscription.Changes.Reader.ReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static SseItem<string> Changed(OrderChange change) =>
        new(change.Sequence.ToString(CultureInfo.InvariantCulture), ChangedEvent);
}
