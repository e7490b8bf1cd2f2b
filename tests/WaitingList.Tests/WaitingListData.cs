using Infrastructure.Messaging;
using Registration.Tests.Fakes;
using WaitingList.Contracts;
using WaitingList.Contracts.Events;

namespace WaitingList.Tests;

internal static class WaitingListData
{
    public static readonly Guid ConferenceId = Guid.Parse("3a171000-0000-4000-8000-0000000000c0");
    public static readonly Guid Workshop = Guid.Parse("3a171000-0000-4000-8000-00000000000b");
    public static readonly Guid Ann = Guid.Parse("3a171000-0000-4000-8000-000000000001");
    public static readonly Guid Bob = Guid.Parse("3a171000-0000-4000-8000-000000000002");
    public static readonly Guid Cid = Guid.Parse("3a171000-0000-4000-8000-000000000003");
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static Guid ListId => WaitingListIds.For(ConferenceId, Workshop);

    public static DateTimeOffset Now => TestClock.Start;

    public static SeatTypeWaitingList Given(params VersionedEvent[] history) =>
        SeatTypeWaitingList.Rehydrate(ListId, history.Select((e, i) => e with { SourceId = ListId, Version = i + 1 }).ToList());

    public static WaitingListJoined Joined(Guid entry, string email, int seats) =>
        new(ConferenceId, Workshop, entry, "Name " + email, email, seats, Now);

    public static SeatOfferRequested Requested(Guid entry, int seats, int number = 1) =>
        new(ConferenceId, Workshop, WaitingListIds.Offer(entry, number), entry, seats);

    public static WaitingListOfferMade Made(Guid entry, int seats, int number = 1) =>
        new(ConferenceId, Workshop, WaitingListIds.Offer(entry, number), entry, seats, Now, Now.Add(Window));
}
