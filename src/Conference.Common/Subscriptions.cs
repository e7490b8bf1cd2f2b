namespace Conference.Common;

/// <summary>Topic and subscription names of the topology (Settings.Template.xml); code names where each handler listens.</summary>
public static class Subscriptions
{
    public const string CommandsTopic = "conference/commands";
    public const string EventsTopic = "conference/events";
    public const string OrderEventsTopic = "conference/eventsOrders";
    public const string AvailabilityEventsTopic = "conference/eventsAvailability";
    public const string WaitingListEventsTopic = "conference/eventsWaitingList";

    public const string Log = "log";

    public const string OrderCommandHandler = "Registration.OrderCommandHandler";
    public const string SeatsAvailabilityHandler = "Registration.SeatsAvailabilityHandler";
    public const string SeatAssignmentsHandler = "Registration.SeatAssignmentsHandler";
    public const string SeatAssignmentsHandlerOrders = "Registration.SeatAssignmentsHandlerOrders";
    public const string RegistrationProcessManagerRouter = "Registration.RegistrationProcessManagerRouter";
    public const string RegistrationPMOrderPlaced = "Registration.RegistrationPMOrderPlaced";
    public const string RegistrationPMNextSteps = "Registration.RegistrationPMNextSteps";
    public const string RegistrationPMNextStepsOrders = "Registration.RegistrationPMNextStepsOrders";
    public const string RegistrationPMNextStepsAvail = "Registration.RegistrationPMNextStepsAvail";
    public const string ConferenceViewModelGenerator = "Registration.ConferenceViewModelGenerator";
    public const string ConferenceViewModelAvail = "Registration.ConferenceViewModelAvail";
    public const string OrderViewModelGenerator = "Registration.OrderViewModelGenerator";
    public const string PricedOrderViewModelGenerator = "Registration.PricedOrderViewModelGenerator";
    public const string PricedOrderViewModelGeneratorOrders = "Registration.PricedOrderViewModelGeneratorOrders";
    public const string SeatAssignmentsViewModelGenerator = "Registration.SeatAssignmentsViewModelGenerator";
    public const string ConferenceOrderEventHandler = "Conference.OrderEventHandler";
    public const string OrderConfirmationMailer = "Conference.OrderConfirmationMailer";
    public const string WaitingListCommandHandler = "WaitingList.WaitingListCommandHandler";
    public const string WaitingListSeatsAvailabilityEventHandler = "WaitingList.SeatsAvailabilityEventHandler";
    public const string SeatOfferCommandSender = "WaitingList.SeatOfferCommandSender";
    public const string WaitingListMailer = "WaitingList.WaitingListMailer";
    public const string WaitingListViewGenerator = "WaitingList.WaitingListViewGenerator";
    public const string ThirdPartyProcessorPaymentCommandHandler = "Payments.ThirdPartyProcessorPaymentCommandHandler";
    public const string PromotionalCodeCommandHandler = "Discounts.PromotionalCodeCommandHandler";
    public const string PromotionalCodeUses = "Registration.PromotionalCodeUses";
    public const string PromotionalCodeUsesOrders = "Registration.PromotionalCodeUsesOrders";
    public const string PromotionalCodeViewModelGenerator = "Registration.PromotionalCodeViewModelGenerator";
    public const string PricedOrderCodesViewModelGenerator = "Registration.PricedOrderCodesViewModelGenerator";

    public static IReadOnlyList<string> Topics { get; } = [CommandsTopic, EventsTopic, OrderEventsTopic, AvailabilityEventsTopic, WaitingListEventsTopic];
}
