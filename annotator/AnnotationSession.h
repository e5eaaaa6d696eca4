#pragma once
// Placeholder until the annotator lands (issue 5): keeps refpose_annotator a real target.
namespace refpose::annotator {
int annotatorVersion();
}
