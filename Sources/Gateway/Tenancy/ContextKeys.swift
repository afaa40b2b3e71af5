import HTTPServer

/// The key that authenticated the request (set by `AuthMiddleware`).
enum AuthenticatedKey: ContextKey { typealias Value = KeyConfiguration }

/// The tenant named in the path, after scope checks (set by `TenantMiddleware`).
enum ResolvedTenant: ContextKey { typealias Value = Tenant }
