// Starts GOV.UK Frontend's components (supported.js has already marked the page as supported).
import { CharacterCount, createAll, initAll } from "../build/govuk-frontend.min.js";

// A word limit counted as the server counts it (complaints.models.count_words): the runs of
// characters between spaces. GOV.UK Frontend's own word count splits "anti-social" and "e.g." in
// two, and its old way of counting (the "maxwords" option) is deprecated.
class WordCount extends CharacterCount {
  static moduleName = "panel-word-count";

  updateCount() {
    this.count = (this.$textarea.value.match(/\S+/g) || []).length;
  }
}

initAll();
createAll(WordCount);
