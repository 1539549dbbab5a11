package org.minigpt.samediff.optimizers;

import java.util.Optional;
import java.util.function.Supplier;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.optimizer.ParameterInfo;
import org.minigpt.api.optimizer.ParameterUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One parameter's ND4J {@link GradientUpdater} plus decoupled weight decay (Loshchilov and Hutter):
 * {@code value *= 1 - lr * decay}, then {@code value -= updater(gradient)}, as PyTorch's AdamW does.
 * Decay applies to matrices only, never to biases and norm gains.
 */
public final class Nd4jUpdater implements ParameterUpdater<INDArray> {
    private final IUpdater config;
    private final double weightDecay;
    private INDArray state;
    private GradientUpdater<?> updater;

    private Nd4jUpdater(IUpdater config, double weightDecay, ParameterInfo parameter) {
        this.config = config;
        this.weightDecay = weightDecay;
        // ND4J's updaters keep their state as one row; they update a row-shaped gradient in place.
        long stateSize = config.stateSize(parameter.size());
        this.state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
        this.updater = config.instantiate(state, true);
    }

    /**
     * The updater for {@code parameter}, or a clear error if the engine's tensors are not ND4J arrays.
     *
     * @param config a fresh ND4J updater config for this parameter alone (its learning rate is set per step)
     */
    @SuppressWarnings("unchecked")
    public static <T> ParameterUpdater<T> forParameter(String optimizer, ParameterInfo parameter, Class<T> tensorType,
            Supplier<IUpdater> config, double weightDecay) {
        if (tensorType != INDArray.class) {
            throw new ConfigException("optimizer '" + optimizer + "' updates ND4J arrays (model=gpt), not "
                    + tensorType.getName() + "; pick an optimizer for this model's engine");
        }
        return (ParameterUpdater<T>) new Nd4jUpdater(config.get(), parameter.isMatrix() ? weightDecay : 0, parameter);
    }

    @Override
    public void update(INDArray value, INDArray gradient, double learningRate, long step) {
        INDArray row = gradient.reshape('c', 1, gradient.length());
        if (state != null && state.dataType() != gradient.dataType()) {
            // Models train in float; a double-precision model (gradient checks) gets a state of its own type.
            state = state.castTo(gradient.dataType());
            updater = config.instantiate(state, false);
        }
        config.setLrAndSchedule(learningRate, null);
        if (weightDecay > 0) {
            value.muli(1 - learningRate * weightDecay);
        }
        updater.applyUpdater(row, Math.toIntExact(step), 0);
        value.subi(row.reshape('c', value.shape()));
    }

    @Override
    public Optional<INDArray> state() {
        return Optional.ofNullable(state);
    }
}
