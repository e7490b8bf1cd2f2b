// The storage account: Table Storage for the event store and the message log, a Blob container for the
// seat-assignment documents and the mailer's markers; keys off, the apps sign in with Entra ID.
param location string
param storageAccountName string
param blobContainerName string

@description('Tables created ahead of first use (the stores create any other on first use).')
param tableNames array

@description('Role assignments on the account: principalId and roleDefinitionId (a GUID).')
param assignments array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tableNames: {
  parent: tableService
  name: table
}]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: blobContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource roles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for assignment in assignments: {
  scope: account
  name: guid(account.id, assignment.principalId, assignment.roleDefinitionId)
  properties: {
    principalId: assignment.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
  }
}]

output tableServiceUri string = account.properties.primaryEndpoints.table
output blobServiceUri string = account.properties.primaryEndpoints.blob
