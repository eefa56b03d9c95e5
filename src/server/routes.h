// Route registration, one function per API surface.
#pragma once

#include "server/router.h"
#include "server/server_context.h"

namespace stroem::server {

void AddPublicRoutes(Router& router, ServerContext& ctx);  // /api/*  (public_api.cc)
void AddWorkerRoutes(Router& router, ServerContext& ctx);  // /worker/* (worker_api.cc)
void AddOpsRoutes(Router& router, ServerContext& ctx);     // /healthz /readyz /metrics

}  // namespace stroem::server
