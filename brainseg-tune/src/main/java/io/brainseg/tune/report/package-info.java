/**
 * The study report: optimisation history, parameter-vs-objective plots, parallel coordinates,
 * parameter importance and the trial table, as one HTML page with PNG charts (JFreeChart, headless).
 */
package io.brainseg.tune.report;
