global using Infrastructure.Sql.Testing;
