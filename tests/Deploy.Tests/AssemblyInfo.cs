// The Bicep CLI package and deploy.sh are Linux's: these specifications run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
