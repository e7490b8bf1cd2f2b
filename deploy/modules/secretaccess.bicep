// Key Vault Secrets User on single secrets: each app reads only the secrets its host needs.
param keyVaultName string

@description('principalId, secretName and roleDefinitionId (a GUID) of each assignment.')
param assignments array

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [for assignment in assignments: {
  parent: vault
  name: assignment.secretName
}]

resource roles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (assignment, i) in assignments: {
  scope: secrets[i]
  name: guid(vault.id, assignment.secretName, assignment.principalId, assignment.roleDefinitionId)
  properties: {
    principalId: assignment.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', assignment.roleDefinitionId)
  }
}]
