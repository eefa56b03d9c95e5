// Claim-time rendering (contract §2.2), done on the server when a worker
// claims a step:
//  1. step input pass: the flow step's input templates see `input` (the job's
//     input) and `<step_name with - as _>.output` of every completed step;
//  2. action pass: the action's `cmd`, `script` and `env` see `input` (the
//     rendered step input, with the action's input defaults filled in) and
//     `secret` (the workspace secrets).
// A render error is returned naming the field and the template position; the
// caller fails the step with it (the seed silently ran the literal text).
#pragma once

#include "common/error.h"
#include "server/job_facts_cache.h"
#include "server/json_io.h"
#include "storage/store.h"

namespace stroem::server {

struct RenderedStep {
  json::object input;        // what the worker gets as `input`
  json::object action_spec;  // what the worker gets as `action_spec`
};

Result<RenderedStep> RenderStep(const storage::JobWithSteps& job, const storage::Step& step,
                                const json::object& secrets);

// The job with the steps whose outputs `step`'s input templates read: what
// RenderStep needs, without reading every step of a large job on each claim. When the
// templates read no step's output and `cache` knows the job, nothing is read: the job then
// has only its id, workspace, task name and input (all RenderStep and a claim use).
Result<storage::JobWithSteps> LoadRenderContext(storage::Store& store, JobFactsCache& cache,
                                                const storage::Step& step);

// Pass 1 only (the job detail API shows rendered inputs of started steps).
Result<json::object> RenderStepInput(const storage::JobWithSteps& job, const storage::Step& step);

}  // namespace stroem::server
