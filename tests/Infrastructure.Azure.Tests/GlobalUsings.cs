global using Infrastructure.Conformance;
