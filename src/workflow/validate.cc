#include "workflow/validate.h"

#include "workflow/internal/validate_parts.h"

namespace stroem::workflow {
namespace internal {

void ValidateTriggers(const Workspace& ws, Diagnostics& diags) {
  for (const auto& [name, trigger] : ws.triggers) {
    std::string path = "triggers." + name;
    if (!trigger.type.empty() && trigger.type != "scheduler" && trigger.type != "webhook")
      diags.Error(trigger.type_pos,
                  path + ".type '" + trigger.type + "' is not 'scheduler' or 'webhook'");
    if (trigger.type == "scheduler" && !trigger.cron)
      diags.Error(trigger.type_pos, path + " is a scheduler trigger without 'cron'");
    if (!trigger.task.empty() && !ws.FindTask(trigger.task))
      diags.Error(trigger.task_pos,
                  path + " runs task '" + trigger.task + "', which is not defined");
  }
}

}  // namespace internal

void Validate(const Workspace& workspace, Diagnostics& diags) {
  internal::ValidateActions(workspace, diags);
  internal::ValidateTasks(workspace, diags);
  internal::ValidateTriggers(workspace, diags);
}

}  // namespace stroem::workflow
