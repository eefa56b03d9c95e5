// Turning `POST /api/tasks/{name}/execute` into a storage::NewJob: task input
// checked against its schema (unknown names, wrong types, options, missing
// required inputs are errors naming the field) with defaults merged, and every
// flow step with its action's full definition.
#pragma once

#include "common/error.h"
#include "server/json_io.h"
#include "storage/store.h"
#include "workflow/model.h"

namespace stroem::server {

// kInvalidArgument naming the field for bad input; kNotFound when a step's
// action is missing from the workspace.
Result<storage::NewJob> BuildNewJob(const workflow::Workspace& ws, const workflow::Task& task,
                                    const json::object& input);

// Checks values against input field definitions and merges defaults. `what`
// names the owner in messages ("task 'deploy'").
Result<json::object> ApplyInputSchema(const std::vector<workflow::InputField>& fields,
                                      const json::object& input, const std::string& what);

// The action's whole definition as JSON (stored with each step; rendered at claim).
json::object ActionSpecJson(const workflow::Action& action);

}  // namespace stroem::server
