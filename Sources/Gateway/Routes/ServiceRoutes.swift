import HTTPServer

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.yaml`: no key needed, no secrets shown.
struct ServiceRoutes {
    let directory: TenantDirectory
    let metrics: GatewayMetrics
    let resilience: ResilienceLayer
    let openAPI: [UInt8]

    func register(on router: inout Router) {
        let directory = directory, metrics = metrics, resilience = resilience, openAPI = openAPI
        router.get("/healthz") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            return .json(Array(#"{"status":"ok"}"#.utf8))
        }
        router.get("/readyz") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            let circuits = resilience.circuitStatuses
            return .json(JSONWriter.object { w in
                w.beginObject()
                w.key("status"); w.string("ready")
                w.key("tenants")
                w.beginArray()
                for t in directory.tenants {
                    w.beginObject()
                    w.key("id"); w.string(t.id)
                    w.key("vendor"); w.string(t.vendor)
                    // The circuit's state; a vendor without an adapter in this build (it
                    // answers 501 for everything) is `degraded`.
                    w.key("state"); w.string(t.adapter == nil ? "degraded" : (circuits[t.id] ?? .ok).rawValue)
                    w.endObject()
                }
                w.endArray()
                w.endObject()
            })
        }
        router.get("/metrics") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            resilience.updateGauges()
            return HTTPResponse(status: .ok, headers: ["Content-Type": GatewayMetrics.contentType], body: metrics.render())
        }
        router.get("/openapi.yaml") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/yaml"], body: openAPI)
        }
    }
}
