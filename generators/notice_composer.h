// Composition: the words of the inspection notice (THÔNG BÁO kết quả kiểm tra ...) from the plan,
// the units' records and the checker's result, as a Notice that the DOCX/ODT writers lay out and
// a user may edit (notice.json) before re-rendering.
//
// Contract:
// - Pure: reads only its arguments (no files, no clock, no locale), and the same arguments give
//   the same Notice, field for field.
// - Letterhead, subject, recipients and signer come from the plan (its issuer and `notice`): the
//   number when the plan gives one, else none (the clerk's blank); the date is always none (the
//   plan carries no signing date), printed with the year the plan's period ends in. The subject
//   is the plan's notice subject, else "Kết quả " + the plan's subject.
// - Body, following the reference notice: an opening paragraph citing the plan and the request
//   letter and naming every plan unit; "I. KẾT QUẢ KIỂM TRA" with one heading per plan criterion
//   in plan order (heading2 top level, heading3 second, heading4 below), under a criterion with
//   metrics the totals over the units' figures (rates recomputed from the summed counts, never
//   averaged) and under a leaf criterion without metrics which units reported on it; "II. NHẬN
//   XÉT, ĐÁNH GIÁ" with strengths taken from the data and one "- <unit>: <message>" item per
//   error or warning finding ("2. Tồn tại, hạn chế: không" when there are none); "III. ĐỀ XUẤT,
//   KIẾN NGHỊ" from the findings' kinds; the closing sentence.
// - Information findings are notes for the reviewer: left out. needs_review findings may be
//   wrong: never among the shortcomings, but apart, as doubts to confirm ("3. Nội dung cần xem xét
//   lại" in part II, a request to help confirm them in part III, their own appendix); a criterion
//   in doubt is not said to be missing from that unit's report.
// - Aggregates (UnitFigures::aggregate: the whole agency's totals) are never added to the units'
//   figures: not in the totals, the rates, nor the "Tổng cộng" row; their rows follow it in a
//   table of their own.
// - Appendices, numbered in this order: the units' figures (one row per plan unit in plan order,
//   "-" for a figure not reported, a "Tổng cộng" row); the error and warning findings with their
//   evidence, only when there are some; the needs_review findings, only when there are some.
//   Units are named by their plan name.
#pragma once

#include "pipeline/check/checker.h"
#include "pipeline/check/plan.h"
#include "pipeline/notice.h"
#include "pipeline/record.h"

#include <vector>

namespace vnotice {

// `records` are the ones given to check_records; `result` is what it returned for them.
Notice compose_notice(const InspectionPlan &plan, const std::vector<Record> &records,
                      const CheckResult &result);

} // namespace vnotice
