/**
 * An HTTP endpoint for a trained run: {@link io.brainseg.serve.SegmentationServer} answers
 * {@code POST /v1/segment} (one TIFF or PNG slice) and {@code POST /v1/segment/patient} (a zip of a
 * patient folder) with masks, overlays and figures, batches concurrent requests into one forward
 * pass ({@link io.brainseg.serve.DynamicBatcher}), refuses what it cannot take with RFC 9457 problem
 * documents, and serves health, readiness, Prometheus metrics, its OpenAPI description and a small
 * web page. Inference goes through a {@link io.brainseg.serve.SliceSegmenter}, normally a
 * {@link io.brainseg.serve.PredictorSegmenter} wrapping the core
 * {@link io.brainseg.core.predict.SegmentationPredictor}.
 */
package io.brainseg.serve;
