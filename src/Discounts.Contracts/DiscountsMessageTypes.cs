using Discounts.Contracts.Commands;
using Discounts.Contracts.Events;
using Infrastructure.Serialization;

namespace Discounts.Contracts;

/// <summary>The stable names of the Discounts messages.</summary>
public static class DiscountsMessageTypes
{
    public static MessageTypeRegistry Register(MessageTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register<DefinePromotionalCode>()
            .Register<HoldPromotionalCode>()
            .Register<ReleasePromotionalCode>()
            .Register<RedeemPromotionalCode>()
            .Register<PromotionalCodeDefined>()
            .Register<PromotionalCodeHeld>()
            .Register<PromotionalCodeHoldRefused>()
            .Register<PromotionalCodeReleased>()
            .Register<PromotionalCodeRedeemed>();
    }
}
