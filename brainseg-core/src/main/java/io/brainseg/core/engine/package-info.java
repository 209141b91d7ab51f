/**
 * The one home for defects of the engine underneath brainseg (DJL 0.36 + libtorch 2.7.1) and
 * their workarounds; {@code docs/engine-defects.md} is the matching document.
 *
 * <ul>
 *   <li>{@link io.brainseg.core.engine.EngineProbe}: a start-up probe that tells whether this
 *       engine on this machine has oneDNN's channel-padding defect (wrong convolution input
 *       gradients and forward values on VMs whose CPUID cache-topology leaf is empty), cached per
 *       process and device; its {@link io.brainseg.core.engine.ProbeVerdict} goes to the log and to
 *       a run's {@code config.json}.</li>
 *   <li>{@link io.brainseg.core.engine.ConvPadding}: the workaround, a convolution that pads input
 *       channels and filters to oneDNN's channel block only when the probe found the defect.</li>
 *   <li>{@link io.brainseg.core.engine.Scalars}: scalar operands that are safe inside an autograd
 *       graph (DJL's number overloads wrap a Java buffer the garbage collector may free).</li>
 * </ul>
 */
package io.brainseg.core.engine;
