namespace Registration.ReadModel.Implementation;

/// <summary>Table names of the read model, shared by the context and its migration (the read DB may hold other stores too, hence "View").</summary>
internal static class ReadModelTables
{
    public const string Conferences = "ConferencesView";
    public const string SeatTypes = "ConferenceSeatTypesView";
    public const string SeatsAvailabilityEventsApplied = "SeatsAvailabilityEventsApplied";
    public const string DraftOrders = "OrdersView";
    public const string DraftOrderItems = "OrderItemsView";
    public const string PricedOrders = "PricedOrdersView";
    public const string PricedOrderLines = "PricedOrderLinesView";
    public const string PricedOrderSeatTypes = "PricedOrderSeatTypesView";
    public const string SeatAssignments = "SeatAssignmentsView";
    public const string SeatAssignmentPositions = "SeatAssignmentPositionsView";
    public const string PromotionalCodes = "PromotionalCodesView";
    public const string PricedOrderPromotionalCodes = "PricedOrderPromotionalCodesView";
    public const string OrderChanges = "OrderChangesView";
}
