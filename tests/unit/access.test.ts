import { describe, expect, it } from "vitest";
import { can, canAnywhere, covers, type MembershipScope } from "../../shared/access";
import { canTakeStep, isEditable, needsComment, reviewSteps } from "../../shared/review";

const coordinatorOfPilot7: MembershipScope = { role: "pilot_coordinator", projectId: null, pilotId: 7 };
const managerOfProject2: MembershipScope = { role: "project_manager", projectId: 2, pilotId: null };
const evaluatorOfProject2: MembershipScope = { role: "evaluator", projectId: 2, pilotId: null };
const administrator: MembershipScope = { role: "administrator", projectId: null, pilotId: null };

describe("who may do what, where", () => {
  it("a project role covers the project and its pilots; a pilot role only that pilot", () => {
    expect(covers(managerOfProject2, { projectId: 2 })).toBe(true);
    expect(covers(managerOfProject2, { projectId: 2, pilotId: 7 })).toBe(true);
    expect(covers(managerOfProject2, { projectId: 3, pilotId: 9 })).toBe(false);
    expect(covers(coordinatorOfPilot7, { projectId: 2, pilotId: 7 })).toBe(true);
    expect(covers(coordinatorOfPilot7, { projectId: 2, pilotId: 8 })).toBe(false);
    expect(covers(coordinatorOfPilot7, { projectId: 2 })).toBe(false);
  });

  it("each role does only its own actions", () => {
    const pilot7 = { projectId: 2, pilotId: 7 };
    expect(can([coordinatorOfPilot7], "enterResults", pilot7)).toBe(true);
    expect(can([coordinatorOfPilot7], "review", pilot7)).toBe(false);
    expect(can([coordinatorOfPilot7], "setUp", pilot7)).toBe(false);
    expect(can([managerOfProject2], "review", pilot7)).toBe(true);
    expect(can([managerOfProject2], "enterResults", pilot7)).toBe(false);
    expect(can([evaluatorOfProject2], "read", pilot7)).toBe(true);
    expect(can([evaluatorOfProject2], "comment", pilot7)).toBe(false);
    expect(can([administrator], "enterResults", { projectId: 99, pilotId: 99 })).toBe(true);
    expect(can([], "read", pilot7)).toBe(false);
  });

  it("different roles in different places add up", () => {
    const both = [coordinatorOfPilot7, { role: "evaluator", projectId: 5, pilotId: null } as MembershipScope];
    expect(can(both, "enterResults", { projectId: 2, pilotId: 7 })).toBe(true);
    expect(can(both, "enterResults", { projectId: 5, pilotId: 11 })).toBe(false);
    expect(can(both, "read", { projectId: 5, pilotId: 11 })).toBe(true);
    expect(canAnywhere(both, "review")).toBe(false);
  });
});

describe("the review workflow's steps", () => {
  it("follow draft → submitted → returned or approved → reopened", () => {
    expect(canTakeStep("submit", "draft")).toBe(true);
    expect(canTakeStep("submit", "returned")).toBe(true);
    expect(canTakeStep("submit", "approved")).toBe(false);
    expect(canTakeStep("approve", "submitted")).toBe(true);
    expect(canTakeStep("approve", "draft")).toBe(false);
    expect(canTakeStep("return", "approved")).toBe(false);
    expect(canTakeStep("reopen", "approved")).toBe(true);
    expect(reviewSteps.reopen.to).toBe("draft");
    expect(["draft", "submitted", "returned", "approved"].filter((s) => isEditable(s as never))).toEqual(["draft", "returned"]);
    expect(needsComment("return") && needsComment("reopen") && !needsComment("approve")).toBe(true);
  });
});
