#include "tools/render_job.h"

#include "pipeline/atomic_file.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "pipeline/messages.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace vnotice {

RenderResult run_render(const RenderRequest &request) {
  RenderResult result;
  result.format = request.format.empty() ? notice_format_from_path(request.output)
                                         : notice_format_from_name(request.format);
  if (result.format == nullptr) {
    std::vector<std::string> names;
    for (const NoticeFormat &format : notice_formats())
      names.emplace_back(format.name);
    throw Error(
        ExitCode::usage, request.output.string(),
        request.format.empty()
            ? trf("cannot tell the format from the file name; end it with .docx "
                  "or .odt, or give --format {}",
                  fmt::join(names, "|"))
            : trf("unknown format \"{}\"; use one of {}", request.format, fmt::join(names, ", ")));
  }
  const InputFile input = InputFile::read(request.input, InputFile::Hash::none);
  result.notice = parse_notice_json(input.bytes, request.input.string());
  result.bytes = result.format->write(result.notice);
  write_file_atomically(request.output, result.bytes);
  return result;
}

} // namespace vnotice
