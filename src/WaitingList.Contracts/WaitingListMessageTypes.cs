using Infrastructure.Serialization;
using WaitingList.Contracts.Commands;
using WaitingList.Contracts.Events;

namespace WaitingList.Contracts;

/// <summary>The stable names of the WaitingList messages.</summary>
public static class WaitingListMessageTypes
{
    public static MessageTypeRegistry Register(MessageTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register<JoinWaitingList>()
            .Register<LeaveWaitingList>()
            .Register<ExpireWaitingListOffer>()
            .Register<WaitingListJoined>()
            .Register<WaitingListLeft>()
            .Register<SeatOfferRequested>()
            .Register<WaitingListOfferMade>()
            .Register<WaitingListOfferTaken>()
            .Register<WaitingListOfferExpired>()
            .Register<SeatOfferWithdrawn>();
    }
}
