// The shipped model (data/text-model.json, written by scripts/train-text-model.ts), decoded once.
import modelData from "../../../data/text-model.json" with { type: "json" };
import { decodeModel, type TextModel, type TextModelFile } from "./model.js";
import { loadVocab } from "./vocab.js";

let cached: TextModel | undefined;

export function getTextModel(): TextModel {
  if (!cached) {
    cached = decodeModel(modelData as unknown as TextModelFile);
    loadVocab();
  }
  return cached;
}
