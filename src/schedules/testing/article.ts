/** The seed article's `step_decay` (its Keras LearningRateScheduler function), as tests paste it. */
export const ARTICLE_STEP_DECAY = `import numpy as np

def step_decay(epoch):
    initial_lr = 0.1
    drop_factor = 0.5
    epochs_drop = 10
    lr = initial_lr * np.power(drop_factor, np.floor((1 + epoch) / epochs_drop))
    return lr
`;
