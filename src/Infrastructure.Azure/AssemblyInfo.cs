// The Azure profile: Service Bus transport, Table Storage event store and message log, Blob storage.
