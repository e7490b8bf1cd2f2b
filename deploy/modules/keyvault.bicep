// Key Vault for the secrets that remain (the database connection string, the SMTP password), read by the
// apps through Key Vault references with their managed identities; access by Azure RBAC, per secret.
param location string
param keyVaultName string

@secure()
param smtpPassword string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

resource smtp 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'smtp-password'
  properties: {
    value: smtpPassword
  }
}

output keyVaultName string = vault.name
output smtpSecretName string = smtp.name
output smtpSecretUri string = smtp.properties.secretUri
